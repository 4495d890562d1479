using DataEngineer.Sdk;
using DataEngineer.Sdk.Postgres;
using Npgsql;

namespace DataEngineer.Testing.Writes;

/// <summary>
/// One task per kind of write the helpers record: a SQL task (its declared Writes), an SCD2 load, a partition load and a
/// keyed swap load, each into its own table of schema <c>wr</c>; the engine tests check every one reaches the store.
/// </summary>
public sealed class WritesEngineDag() : Dag<WritesEngineParams>("writes_engine", new DagOptions { DefaultTaskOptions = new TaskOptions { Retries = 2, RetryDelay = TimeSpan.Zero } })
{
    public static readonly Dataset Daily = new("wr.daily") { FreshnessColumn = "day", FreshnessSla = TimeSpan.FromDays(2) };

    public static readonly Dataset Customers = new("wr.dim_customers");

    public static readonly Dataset Events = new("wr.events") { FreshnessColumn = "at" };

    public static readonly Dataset Payments = new("wr.payments");

    /// <summary>Declared as read (by the swap task) but never written by any task.</summary>
    public static readonly Dataset NeverWritten = new("wr.upstream_feed") { FreshnessSla = TimeSpan.FromHours(1) };

    protected override void Define(DagBuilder dag)
    {
        var schema = dag.SqlTask("schema", SqlScript.Text(
            """
            CREATE SCHEMA IF NOT EXISTS wr;
            CREATE TABLE IF NOT EXISTS wr.daily (day timestamptz PRIMARY KEY, total bigint NOT NULL);
            CREATE TABLE IF NOT EXISTS wr.dim_customers (customer_id int NOT NULL, city text, valid_from timestamptz NOT NULL, valid_to timestamptz NOT NULL, is_current boolean NOT NULL);
            CREATE TABLE IF NOT EXISTS wr.events (id int NOT NULL, at timestamptz NOT NULL) PARTITION BY RANGE (at);
            CREATE TABLE IF NOT EXISTS wr.payments (payment_id int NOT NULL, amount numeric(10, 2) NOT NULL);
            """));
        dag.SqlTask("sql_write", SqlScript.Text(
            """
            INSERT INTO wr.daily SELECT @data_interval_start + make_interval(hours => g), g FROM generate_series(0, 23) AS g
            ON CONFLICT (day) DO NOTHING
            """), options: new TaskOptions { Writes = [Daily] }).After(schema);
        dag.Task("scd2_write", async ctx =>
        {
            await using var connection = await OpenAsync(ctx);
            await ctx.LoadScd2Async(connection, new Scd2Spec(Customers, ["customer_id"], ["city"]), Enumerable.Range(1, 5), i => [i, "Oslo"]);
            await ctx.LoadScd2Async(connection, new Scd2Spec(Customers, ["customer_id"], ["city"]), Enumerable.Range(1, 6), i => [i, "Oslo"],
                ctx.DataInterval.Start.AddHours(1));
        }, new TaskOptions { Writes = [Customers] }).After(schema);
        dag.Task("partition_write", async ctx =>
        {
            await using var connection = await OpenAsync(ctx);
            await ctx.LoadPartitionAsync(connection, "wr.events", PartitionInterval.Day, ctx.DataInterval.Start, ["id", "at"], Enumerable.Range(1, 7),
                i => [i, ctx.DataInterval.Start.AddMinutes(i)], Events);
        }, new TaskOptions { Writes = [Events] }).After(schema);
        dag.Task("swap_write", async ctx =>
        {
            await using var connection = await OpenAsync(ctx);
            var payments = Enumerable.Range(1, 3).Select(i => (Id: i, Amount: 10m * i)).ToList();
            if (ctx.Params<WritesEngineParams>().DuplicatePayment)
            {
                payments.Add((2, 99m));
            }

            await ctx.LoadAsync(connection, new LoadSpec(Payments, ["payment_id", "amount"]) { Key = ["payment_id"], Mode = LoadMode.Swap }, payments, p => [p.Id, p.Amount]);
        }, new TaskOptions { Reads = [NeverWritten], Writes = [Payments] }).After(schema);
    }

    private static async Task<NpgsqlConnection> OpenAsync(TaskContext context)
    {
        var connection = new NpgsqlConnection(context.GetConnectionString("Warehouse"));
        await connection.OpenAsync(context.CancellationToken);
        return connection;
    }
}
