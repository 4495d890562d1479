using DataEngineer.Sdk;
using DataEngineer.Sdk.Postgres;
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
        var loaded = dag.Task("load_orders", transformed, LoadOrdersAsync, new TaskOptions { Writes = [OrdersDatasets.FactOrders] });
        dag.Task("quality_check", loaded, QualityCheckAsync, new TaskOptions { Retries = 0 });
    }

    /// <summary>
    /// Reads the orders updated since the stored high-water mark (the data interval's start the first time) and
    /// before the interval's end, and their customers. load_orders advances the mark once they are loaded.
    /// </summary>
    public static async Task<ExtractedOrders> ExtractOrdersAsync(TaskContext context)
    {
        await using var connection = await Warehouse.OpenAsync(context);
        var faults = SourceFaults.Of(context.Params<OrdersEtlParams>());
        await OrdersSource.EnsureAsync(connection, context.DataInterval.Start, context.DataInterval.End, faults, context.CancellationToken);
        if (faults != SourceFaults.None)
        {
            context.Logger.LogWarning("Source faults injected into {Interval}: {Faults}", context.DataInterval, faults);
        }

        var batch = await context.ReadIncrementalAsync(connection,
            new IncrementalSource("source.orders", "updated_at", ["row_id", "order_id", "customer_id", "amount", "currency", "status", "created_at", "updated_at"])
            {
                InitialMark = context.DataInterval.Start,
                UpperBound = context.DataInterval.End,
            },
            reader => new SourceOrder(
                reader.GetInt64(0),
                reader.IsDBNull(1) ? null : reader.GetInt64(1),
                reader.IsDBNull(2) ? null : reader.GetInt32(2),
                reader.GetDecimal(3),
                reader.GetString(4),
                reader.GetString(5),
                reader.GetFieldValue<DateTimeOffset>(6),
                reader.GetFieldValue<DateTimeOffset>(7)));
        var orders = batch.Rows;

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
        context.Logger.LogInformation("Extracted {Orders} orders updated after {Mark} and before {End} for {Customers} customers",
            orders.Count, batch.PreviousMark ?? $"{context.DataInterval.Start:O} (no mark yet)", context.DataInterval.End.ToString("O"), customers.Count);
        return new ExtractedOrders(orders, customers) { Mark = batch.Advance };
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

        return new TransformedOrders(clean.Values.OrderBy(o => o.OrderId).ToList(), rejected) { Mark = input.Mark };
    }

    /// <summary>
    /// Idempotent loads (each staged, validated, written and verified in one transaction): the rejects appended once
    /// per source row, then the orders upserted on order_id, touching only rows that changed, which advances the
    /// extract's high-water mark on commit. Records warehouse.fact_orders' row count, freshness and schema.
    /// </summary>
    public static async Task<LoadResult> LoadOrdersAsync(TaskContext context, TransformedOrders input)
    {
        await using var connection = await Warehouse.OpenAsync(context);
        await Warehouse.RunDdlAsync(connection, WarehouseSchema.Ddl, context.CancellationToken);
        await context.LoadAsync(connection,
            new LoadSpec("warehouse.rejected_orders", ["source_row_id", "order_id", "reason", "run_id"]) { Key = ["source_row_id"], Mode = LoadMode.AppendDedup, CountsAsRowsWritten = false },
            input.Rejected, r => [r.RowId, r.OrderId, r.Reason, context.RunId]);
        var load = await context.LoadAsync(connection,
            new LoadSpec("warehouse.fact_orders", WarehouseSchema.FactColumns) { Key = ["order_id"], Watermark = input.Mark },
            input.Orders, o => [o.OrderId, o.CustomerId, o.CustomerCountry, o.CustomerSegment, o.OrderDate, o.Amount, o.Currency, o.AmountUsd, o.Status, o.IsRefunded, o.CreatedAt, o.UpdatedAt]);
        await context.RecordDatasetAsync(connection, OrdersDatasets.FactOrders, load.Written);

        var unchanged = input.Orders.Count - (int)load.Written;
        context.Logger.LogInformation("Loaded {Count} orders: {Inserted} inserted, {Updated} updated, {Unchanged} unchanged", input.Orders.Count, load.Inserted, load.Updated, unchanged);
        return new LoadResult((int)load.Inserted, (int)load.Updated, unchanged, input.Orders.Select(o => o.OrderId).ToList());
    }

    /// <summary>
    /// Checks the loaded orders (all present, not null, unique, in range, known statuses and customers, fresh) in
    /// one statement each; records every result and fails naming the failed checks and sample rows.
    /// </summary>
    public static async Task QualityCheckAsync(TaskContext context, LoadResult load)
    {
        await using var connection = await Warehouse.OpenAsync(context);
        var loaded = CheckTarget.Query("orders loaded by this run", "SELECT * FROM warehouse.fact_orders WHERE order_id = ANY(@ids)",
            new Dictionary<string, object?> { ["ids"] = load.OrderIds.ToArray() });
        context.Rows.AddRead(load.OrderIds.Count);
        await context.RunChecksAsync(connection, loaded, OrderChecks.For(load.OrderIds.Count));
    }
}
