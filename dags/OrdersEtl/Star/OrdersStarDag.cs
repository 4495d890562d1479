using DataEngineer.Sdk;
using DataEngineer.Sdk.Postgres;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace DataEngineer.Dags.OrdersEtl.Star;

/// <summary>
/// Builds a small star schema in <c>mart</c> whenever both warehouse.fact_orders (orders_etl) and staging.customers
/// (customers_snapshot) have been updated: dim_date and fact_orders as SQL tasks, dim_customers as a slowly changing
/// dimension of type 2 over the daily customer snapshots. Every step is idempotent: re-running changes nothing.
/// </summary>
public sealed class OrdersStarDag() : Dag("orders_star", new DagOptions
{
    Description = "Star schema of the orders: mart.fact_orders with mart.dim_customers (SCD2) and mart.dim_date",
    Owner = "data-platform",
    Tags = ["mart", "orders", "star"],
    ScheduleOn = DatasetSchedule.All(OrdersDatasets.FactOrders, StarDatasets.StagingCustomers),
    MaxActiveRuns = 1,
    DefaultTaskOptions = new TaskOptions { Retries = 2, RetryDelay = TimeSpan.FromMinutes(5), ExecutionTimeout = TimeSpan.FromMinutes(30) },
    AlertOnFailure = ["data-oncall@example.com"],
})
{
    /// <summary>The SCD2 load of mart.dim_customers: customer_id is the natural key; any change of the others makes a new version.</summary>
    public static readonly Scd2Spec DimCustomers = new(StarDatasets.DimCustomers, ["customer_id"], ["name", "email", "country", "segment"]);

    /// <inheritdoc />
    protected override void Define(DagBuilder dag)
    {
        var schema = dag.SqlTask("create_mart", SqlScript.File("sql/mart_schema.sql"));
        var dimDate = dag.SqlTask("build_dim_date", SqlScript.File("sql/dim_date.sql"), options: new TaskOptions
        {
            Reads = [OrdersDatasets.FactOrders],
            Writes = [StarDatasets.DimDate],
        });
        var dimCustomers = dag.Task("build_dim_customers", BuildDimCustomersAsync, new TaskOptions
        {
            Reads = [StarDatasets.StagingCustomers],
            Writes = [StarDatasets.DimCustomers],
        });
        var fact = dag.SqlTask("build_fact_orders", SqlScript.File("sql/fact_orders.sql"), options: new TaskOptions
        {
            Reads = [OrdersDatasets.FactOrders, StarDatasets.DimCustomers, StarDatasets.DimDate],
            Writes = [StarDatasets.FactOrders],
        });
        var check = dag.Task("check_star", CheckStarAsync, new TaskOptions
        {
            Retries = 0,
            Reads = [StarDatasets.DimDate, StarDatasets.DimCustomers, StarDatasets.FactOrders, OrdersDatasets.FactOrders],
        });

        dimDate.After(schema);
        dimCustomers.After(schema);
        fact.After(dimDate, dimCustomers);
        check.After(fact);
    }

    /// <summary>
    /// Loads every customer snapshot the dimension has not seen yet, oldest first, each effective at its day's UTC
    /// midnight (the latest day already loaded is loaded again, which changes nothing), then checks the dimension's
    /// contract so a broken one stops the run before fact_orders is built on it.
    /// </summary>
    public static async Task<Scd2Result> BuildDimCustomersAsync(TaskContext context)
    {
        await using var connection = await Warehouse.OpenAsync(context);
        var days = new List<DateOnly>();
        await using (var select = new NpgsqlCommand(
            """
            SELECT DISTINCT snapshot_date FROM staging.customers
            WHERE snapshot_date >= coalesce((SELECT (max(valid_from) AT TIME ZONE 'UTC')::date FROM mart.dim_customers), '-infinity'::date)
            ORDER BY snapshot_date
            """, connection))
        await using (var reader = await select.ExecuteReaderAsync(context.CancellationToken))
        {
            while (await reader.ReadAsync(context.CancellationToken))
            {
                days.Add(reader.GetFieldValue<DateOnly>(0));
            }
        }

        var total = new Scd2Result(0, 0, 0, 0, 0);
        foreach (var day in days)
        {
            var snapshot = await ReadSnapshotAsync(connection, day, context.CancellationToken);
            context.Rows.AddRead(snapshot.Count);
            var at = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            var result = await context.LoadScd2Async(connection, DimCustomers, snapshot,
                c => [c.CustomerId, c.Name, c.Email, c.Country, c.Segment], effectiveAt: at);
            context.Logger.LogInformation("Snapshot of {Day}: {New} new customers, {Changed} changed, {Corrected} corrected, {Unchanged} unchanged",
                day, result.NewKeys, result.Changed, result.Corrected, result.Unchanged);
            total = new Scd2Result(total.Staged + result.Staged, total.NewKeys + result.NewKeys, total.Changed + result.Changed,
                total.Corrected + result.Corrected, total.Unchanged + result.Unchanged);
        }

        return total;
    }

    /// <summary>
    /// Checks the star: the mart tables' contracts, every column documented, one current and gap-free versions per
    /// customer, and every warehouse order present with a customer version and a day.
    /// </summary>
    public static async Task CheckStarAsync(TaskContext context)
    {
        await using var connection = await Warehouse.OpenAsync(context);
        foreach (var dataset in new[] { StarDatasets.DimDate, StarDatasets.DimCustomers, StarDatasets.FactOrders })
        {
            await context.VerifyContractAsync(connection, dataset);
        }

        await context.RunChecksAsync(connection, CheckTarget.Table(StarDatasets.DimDate.Name),
            [QualityCheck.Documented(StarDatasets.DimDate), QualityCheck.Unique("date")]);
        await context.RunChecksAsync(connection, CheckTarget.Table(StarDatasets.DimCustomers.Name),
        [
            QualityCheck.Documented(StarDatasets.DimCustomers),
            QualityCheck.Sql("one_current_version",
                "SELECT customer_id, count(*) FILTER (WHERE is_current) AS current_versions FROM mart.dim_customers GROUP BY customer_id HAVING count(*) FILTER (WHERE is_current) <> 1"),
            QualityCheck.Sql("contiguous_versions",
                """
                SELECT customer_id, valid_from, valid_to, next_from FROM (
                    SELECT customer_id, valid_from, valid_to, lead(valid_from) OVER (PARTITION BY customer_id ORDER BY valid_from) AS next_from
                    FROM mart.dim_customers) v
                WHERE valid_to IS DISTINCT FROM coalesce(next_from, 'infinity'::timestamptz)
                """),
        ]);
        await context.RunChecksAsync(connection, CheckTarget.Table(StarDatasets.FactOrders.Name),
        [
            QualityCheck.Documented(StarDatasets.FactOrders),
            QualityCheck.Relationship("customer_sk", StarDatasets.DimCustomers.Name, "customer_sk"),
            QualityCheck.Relationship("date_key", StarDatasets.DimDate.Name, "date_key"),
            QualityCheck.Sql("every_order_in_star",
                "SELECT w.order_id FROM warehouse.fact_orders w LEFT JOIN mart.fact_orders m ON m.order_id = w.order_id WHERE m.order_id IS NULL"),
        ]);
    }

    private static async Task<List<CustomerSnapshot>> ReadSnapshotAsync(NpgsqlConnection connection, DateOnly day, CancellationToken ct)
    {
        var rows = new List<CustomerSnapshot>();
        await using var select = new NpgsqlCommand(
            "SELECT customer_id, name, email, country, segment FROM staging.customers WHERE snapshot_date = @day ORDER BY customer_id", connection);
        select.Parameters.AddWithValue("day", day);
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new CustomerSnapshot(day, reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4)));
        }

        return rows;
    }
}
