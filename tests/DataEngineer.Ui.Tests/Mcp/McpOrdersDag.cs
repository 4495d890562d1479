namespace DataEngineer.Ui.Tests.Mcp;

/// <summary>
/// The DAG the MCP tests seed their faults through, compiled from the host's DAGs folder: a lookup load, an extract
/// (typed params inject a new status, a volume drop or a failure), a quality check, an enrichment joining the lookup
/// per row (an index scan while the lookup has its index), and a report that runs whatever the extract did.
/// </summary>
internal static class McpOrdersDag
{
    public const string DagId = "mcp_orders";

    public const string FileName = "mcp_orders_dag.cs";

    public const string Source = """"
        using DataEngineer.Sdk;
        using DataEngineer.Sdk.Postgres;
        using Npgsql;

        namespace McpTests.Folder;

        public sealed record McpOrdersParams
        {
            public bool NewStatus { get; init; }
            public bool VolumeDrop { get; init; }
            public bool FailExtract { get; init; }
        }

        public sealed class McpOrdersDag() : Dag<McpOrdersParams>("mcp_orders", new DagOptions
        {
            Owner = "orders-team",
            StartDate = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            MaxActiveRuns = 1,
            DefaultTaskOptions = new TaskOptions { Retries = 0 },
        })
        {
            public static readonly Dataset RawOrders = new("mcp.raw_orders")
            {
                Owner = "orders-team",
                Description = "Orders as extracted from the shop, one row per order and day.",
                AcceptedValues = new Dictionary<string, IReadOnlyList<string>> { ["status"] = ["placed", "shipped", "delivered"] },
                RowCountAnomaly = new RowCountAnomalyOptions { MinHistory = 4, History = 8 },
                Columns = [new DatasetColumnSpec("email") { Classification = DataClassification.Pii, Description = "Customer e-mail." }],
            };

            public static readonly Dataset Lookup = new("mcp.status_lookup") { Owner = "reference-data" };

            public static readonly Dataset Enriched = new("mcp.enriched_orders");

            protected override void Define(DagBuilder dag)
            {
                var lookup = dag.SqlTask("load_lookup", SqlScript.Text("ANALYZE mcp.status_lookup"), options: new TaskOptions { Writes = [Lookup] });
                var extract = dag.SqlTask("extract", SqlScript.Text("""
                    DELETE FROM mcp.raw_orders WHERE day = @logical_date::date;
                    INSERT INTO mcp.raw_orders (order_id, day, status, amount, email)
                    SELECT order_id, day, CASE WHEN @new_status AND order_id % 3 = 0 THEN 'on_hold' ELSE status END,
                           amount / CASE WHEN @fail_extract THEN 0 ELSE 1 END, email
                    FROM mcp.source_orders WHERE day = @logical_date::date AND (NOT @volume_drop OR order_id % 5 < 2)
                    """), options: new TaskOptions { Writes = [RawOrders] });
                var check = dag.Task("quality_check", async ctx =>
                {
                    await using var connection = new NpgsqlConnection(ctx.GetConnectionString("Warehouse"));
                    await connection.OpenAsync(ctx.CancellationToken);
                    await ctx.RunChecksAsync(connection, CheckTarget.Table("mcp.raw_orders"), [QualityCheck.AcceptedValues("status", ["placed", "shipped", "delivered"])]);
                }).After(extract);
                dag.SqlTask("enrich", SqlScript.Text("""
                    DELETE FROM mcp.enriched_orders WHERE day = @logical_date::date;
                    INSERT INTO mcp.enriched_orders (order_id, day, channel, label)
                    SELECT o.order_id, o.day, o.channel,
                           (SELECT l.label FROM mcp.status_lookup l WHERE l.code = o.status || '-' || (o.order_id % 500) LIMIT 1)
                    FROM mcp.raw_orders o WHERE o.day = @logical_date::date
                    """), options: new TaskOptions { Reads = [RawOrders, Lookup], Writes = [Enriched] }).After(check, lookup);
                dag.Task("report", async ctx =>
                {
                    await using var connection = new NpgsqlConnection(ctx.GetConnectionString("Warehouse"));
                    await connection.OpenAsync(ctx.CancellationToken);
                    await using var command = new NpgsqlCommand("SELECT count(*) FROM mcp.raw_orders WHERE day = @day", connection);
                    command.Parameters.AddWithValue("day", DateOnly.FromDateTime(ctx.LogicalDate.UtcDateTime));
                    if ((long)(await command.ExecuteScalarAsync(ctx.CancellationToken))! == 0)
                    {
                        throw new InvalidOperationException($"No orders for {ctx.LogicalDate:yyyy-MM-dd}: the daily report would be empty.");
                    }
                }, new TaskOptions { TriggerRule = TriggerRule.AllDone }).After(extract);
            }
        }
        """";

    /// <summary>The warehouse tables and 20 orders a day for 9 days; a 2,000-row lookup with an index on its code.</summary>
    public const string Warehouse = """
        CREATE SCHEMA IF NOT EXISTS mcp;
        CREATE TABLE mcp.source_orders (order_id bigint, day date, status text, amount numeric, email text);
        INSERT INTO mcp.source_orders
        SELECT d * 100 + n, DATE '2024-03-01' + d, (ARRAY['placed', 'shipped', 'delivered'])[1 + n % 3], n * 10, 'buyer' || n || '@example.com'
        FROM generate_series(1, 9) d, generate_series(1, 20) n;
        CREATE TABLE mcp.raw_orders (order_id bigint, day date, status text, amount numeric, email text, channel text DEFAULT 'web');
        CREATE TABLE mcp.status_lookup (code text, label text);
        INSERT INTO mcp.status_lookup SELECT s || '-' || n, upper(s) FROM unnest(ARRAY['placed', 'shipped', 'delivered', 'on_hold']) s, generate_series(0, 499) n;
        CREATE INDEX status_lookup_code_idx ON mcp.status_lookup (code);
        CREATE TABLE mcp.enriched_orders (order_id bigint, day date, channel text, label text);
        """;
}
