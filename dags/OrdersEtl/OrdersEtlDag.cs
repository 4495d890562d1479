using DataEngineer.Sdk;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace DataEngineer.Dags.OrdersEtl;

/// <summary>
/// The classic orders ETL: extract the orders changed in the data interval from the source,
/// clean and enrich them, load them idempotently into <c>warehouse.fact_orders</c>, and check the
/// result. Re-running an interval changes nothing.
/// </summary>
public sealed class OrdersEtlDag() : Dag<OrdersEtlParams>("orders_etl", new DagOptions
{
    Description = "Orders from the shop's source system into warehouse.fact_orders, with quality checks",
    Owner = "data-platform",
    Tags = ["etl", "orders"],
    Schedule = "0 2 * * *",
    StartDate = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc),
    Catchup = false,
    MaxActiveRuns = 1,
    DefaultTaskOptions = new TaskOptions { Retries = 3, RetryDelay = TimeSpan.FromMinutes(5), ExecutionTimeout = TimeSpan.FromMinutes(30) },
    AlertOnFailure = ["data-oncall@example.com"],
})
{
    private static readonly Dictionary<string, decimal> UsdRates = new() { ["USD"] = 1.00m, ["EUR"] = 1.08m, ["GBP"] = 1.27m };

    /// <inheritdoc />
    protected override void Define(DagBuilder dag)
    {
        var extracted = dag.Task("extract_orders", ExtractOrdersAsync);
        var transformed = dag.Task("transform_orders", extracted, TransformOrders);
        var loaded = dag.Task("load_orders", transformed, LoadOrdersAsync);
        dag.Task("quality_check", loaded, QualityCheckAsync, new TaskOptions { Retries = 0 });
    }

    /// <summary>Reads the orders last updated in the data interval, and their customers.</summary>
    public static async Task<ExtractedOrders> ExtractOrdersAsync(TaskContext context)
    {
        await using var connection = await Warehouse.OpenAsync(context);
        await OrdersSource.EnsureAsync(connection, context.DataInterval.Start, context.DataInterval.End, context.CancellationToken);

        var orders = new List<SourceOrder>();
        await using (var select = new NpgsqlCommand(
            """
            SELECT row_id, order_id, customer_id, amount, currency, status, created_at, updated_at
            FROM source.orders WHERE updated_at >= @start AND updated_at < @end ORDER BY row_id
            """, connection))
        {
            select.Parameters.AddWithValue("start", context.DataInterval.Start);
            select.Parameters.AddWithValue("end", context.DataInterval.End);
            await using var reader = await select.ExecuteReaderAsync(context.CancellationToken);
            while (await reader.ReadAsync(context.CancellationToken))
            {
                orders.Add(new SourceOrder(
                    reader.GetInt64(0),
                    reader.IsDBNull(1) ? null : reader.GetInt64(1),
                    reader.IsDBNull(2) ? null : reader.GetInt32(2),
                    reader.GetDecimal(3),
                    reader.GetString(4),
                    reader.GetString(5),
                    reader.GetFieldValue<DateTimeOffset>(6),
                    reader.GetFieldValue<DateTimeOffset>(7)));
            }
        }

        var customers = new List<Customer>();
        await using (var select = new NpgsqlCommand(
            "SELECT customer_id, name, country, segment FROM source.customers WHERE customer_id = ANY(@ids) ORDER BY customer_id", connection))
        {
            select.Parameters.AddWithValue("ids", orders.Where(o => o.CustomerId is not null).Select(o => o.CustomerId!.Value).Distinct().ToArray());
            await using var reader = await select.ExecuteReaderAsync(context.CancellationToken);
            while (await reader.ReadAsync(context.CancellationToken))
            {
                customers.Add(new Customer(reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
            }
        }

        context.Rows.AddRead(orders.Count);
        context.Logger.LogInformation("Extracted {Orders} orders updated in {Interval} for {Customers} customers", orders.Count, context.DataInterval, customers.Count);
        return new ExtractedOrders(orders, customers);
    }

    /// <summary>Drops bad rows (with a reason each), removes duplicates and adds customer and currency data. Pure: no I/O.</summary>
    public static TransformedOrders TransformOrders(TaskContext context, ExtractedOrders input)
    {
        var customers = input.Customers.ToDictionary(c => c.CustomerId);
        var rejected = new List<RejectedOrder>();
        var clean = new Dictionary<long, OrderFact>();
        // Newest first, so of several rows for one order the latest update is kept and the older ones are duplicates.
        foreach (var row in input.Orders.OrderByDescending(o => o.UpdatedAt).ThenByDescending(o => o.RowId))
        {
            var reason = row switch
            {
                { OrderId: null } => "missing order id",
                { CustomerId: null } => "missing customer id",
                { Amount: < 0 } => "negative amount",
                _ when row.CreatedAt > context.DataInterval.End => "created in the future",
                _ when !customers.ContainsKey(row.CustomerId.Value) => "unknown customer",
                _ when !UsdRates.ContainsKey(row.Currency) => $"unknown currency {row.Currency}",
                _ when clean.ContainsKey(row.OrderId.Value) => "duplicate order",
                _ => null,
            };

            if (reason is not null)
            {
                rejected.Add(new RejectedOrder(row.RowId, row.OrderId, reason));
                continue;
            }

            var customer = customers[row.CustomerId!.Value];
            clean[row.OrderId!.Value] = new OrderFact(
                row.OrderId.Value, customer.CustomerId, customer.Country, customer.Segment,
                DateOnly.FromDateTime(row.CreatedAt.UtcDateTime), row.Amount, row.Currency,
                Math.Round(row.Amount * UsdRates[row.Currency], 2), row.Status, row.Status == "refunded", row.CreatedAt, row.UpdatedAt);
        }

        context.Rows.AddRead(input.Orders.Count);
        context.Rows.AddWritten(clean.Count);
        context.Rows.AddRejected(rejected.Count);
        foreach (var group in rejected.GroupBy(r => r.Reason))
        {
            context.Logger.LogWarning("Rejected {Count} rows: {Reason}", group.Count(), group.Key);
        }

        var limit = context.Params<OrdersEtlParams>().MaxRejectedPercent;
        var share = input.Orders.Count == 0 ? 0 : 100.0 * rejected.Count / input.Orders.Count;
        if (share > limit)
        {
            context.Fail($"{rejected.Count} of {input.Orders.Count} source rows ({share:F1}%) were rejected, above the {limit}% limit (param maxRejectedPercent).");
        }

        return new TransformedOrders(clean.Values.OrderBy(o => o.OrderId).ToList(), rejected);
    }

    /// <summary>
    /// Idempotent load in one transaction: stage, validate, upsert on order_id (only rows that
    /// changed are touched), record the rejects, and verify the counts.
    /// </summary>
    public static async Task<LoadResult> LoadOrdersAsync(TaskContext context, TransformedOrders input)
    {
        var ct = context.CancellationToken;
        await using var connection = await Warehouse.OpenAsync(context);
        await Warehouse.RunDdlAsync(connection, WarehouseSchema.Ddl, ct);
        await using var tx = await connection.BeginTransactionAsync(ct);

        await using (var stage = new NpgsqlCommand(WarehouseSchema.StageSql, connection, tx))
        {
            var o = input.Orders;
            stage.Parameters.AddWithValue("order_id", o.Select(x => x.OrderId).ToArray());
            stage.Parameters.AddWithValue("customer_id", o.Select(x => x.CustomerId).ToArray());
            stage.Parameters.AddWithValue("country", o.Select(x => x.CustomerCountry).ToArray());
            stage.Parameters.AddWithValue("segment", o.Select(x => x.CustomerSegment).ToArray());
            stage.Parameters.AddWithValue("order_date", o.Select(x => x.OrderDate).ToArray());
            stage.Parameters.AddWithValue("amount", o.Select(x => x.Amount).ToArray());
            stage.Parameters.AddWithValue("currency", o.Select(x => x.Currency).ToArray());
            stage.Parameters.AddWithValue("amount_usd", o.Select(x => x.AmountUsd).ToArray());
            stage.Parameters.AddWithValue("status", o.Select(x => x.Status).ToArray());
            stage.Parameters.AddWithValue("is_refunded", o.Select(x => x.IsRefunded).ToArray());
            stage.Parameters.AddWithValue("created_at", o.Select(x => x.CreatedAt).ToArray());
            stage.Parameters.AddWithValue("updated_at", o.Select(x => x.UpdatedAt).ToArray());
            await stage.ExecuteNonQueryAsync(ct);
        }

        var staged = await ScalarAsync<long>(connection, tx, "SELECT count(*) FROM stage_orders WHERE order_id IS NOT NULL AND customer_id IS NOT NULL", ct);
        if (staged != input.Orders.Count)
        {
            throw new InvalidOperationException($"Staging holds {staged} valid rows but {input.Orders.Count} were sent; nothing was loaded.");
        }

        int inserted = 0, updated = 0;
        await using (var upsert = new NpgsqlCommand(WarehouseSchema.UpsertSql, connection, tx))
        await using (var reader = await upsert.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                if (reader.GetBoolean(0))
                {
                    inserted++;
                }
                else
                {
                    updated++;
                }
            }
        }

        await using (var rejects = new NpgsqlCommand(WarehouseSchema.RejectsSql, connection, tx))
        {
            rejects.Parameters.AddWithValue("row_id", input.Rejected.Select(r => r.RowId).ToArray());
            rejects.Parameters.Add(new NpgsqlParameter("order_id", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Bigint)
            {
                Value = input.Rejected.Select(r => (object?)r.OrderId ?? DBNull.Value).ToArray(),
            });
            rejects.Parameters.AddWithValue("reason", input.Rejected.Select(r => r.Reason).ToArray());
            rejects.Parameters.AddWithValue("run_id", context.RunId);
            await rejects.ExecuteNonQueryAsync(ct);
        }

        var present = await ScalarAsync<long>(connection, tx, "SELECT count(*) FROM warehouse.fact_orders f JOIN stage_orders s USING (order_id)", ct);
        if (present != input.Orders.Count)
        {
            throw new InvalidOperationException($"After the upsert {present} of {input.Orders.Count} orders are in warehouse.fact_orders; rolled back.");
        }

        await tx.CommitAsync(ct);
        context.Rows.AddWritten(inserted + updated);
        var unchanged = input.Orders.Count - inserted - updated;
        context.Logger.LogInformation("Loaded {Count} orders: {Inserted} inserted, {Updated} updated, {Unchanged} unchanged", input.Orders.Count, inserted, updated, unchanged);
        return new LoadResult(inserted, updated, unchanged, input.Orders.Select(o => o.OrderId).ToList());
    }

    /// <summary>Checks the loaded orders: not null, unique, in range, and all present; fails naming the check and sample rows.</summary>
    public static async Task QualityCheckAsync(TaskContext context, LoadResult load)
    {
        await using var connection = await Warehouse.OpenAsync(context);
        var failures = new List<string>();
        foreach (var check in OrderChecks.All)
        {
            await using var command = new NpgsqlCommand(check.FailingRowsSql, connection);
            command.Parameters.AddWithValue("ids", load.OrderIds.ToArray());
            command.Parameters.AddWithValue("expected", (long)load.OrderIds.Count);
            var sample = new List<string>();
            var failing = 0;
            await using var reader = await command.ExecuteReaderAsync(context.CancellationToken);
            while (await reader.ReadAsync(context.CancellationToken))
            {
                failing++;
                if (sample.Count < 5)
                {
                    sample.Add(reader.GetString(0));
                }
            }

            context.Logger.LogInformation("Check {Check}: {Result}", check.Name, failing == 0 ? "passed" : $"{failing} failing rows");
            if (failing > 0)
            {
                failures.Add($"check '{check.Name}' ({check.Description}) failed for {failing} rows, e.g. {string.Join("; ", sample)}");
            }
        }

        context.Rows.AddRead(load.OrderIds.Count);
        if (failures.Count > 0)
        {
            context.Fail("Quality check failed: " + string.Join(". ", failures));
        }
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, tx);
        return (T)(await command.ExecuteScalarAsync(ct))!;
    }
}
