using DataEngineer.Core.Catalog;
using DataEngineer.Core.Execution;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Validation;
using DataEngineer.Dags.OrdersEtl;
using DataEngineer.Dags.OrdersEtl.Star;
using DataEngineer.Sdk;
using DataEngineer.Testing;
using Npgsql;
using Xunit;

namespace DataEngineer.Dags.Tests;

/// <summary>
/// The star-schema family on the real engine and a PostgreSQL warehouse: customers_snapshot and orders_etl for three
/// consecutive days, then orders_star, as the dataset schedule would run it.
/// </summary>
public sealed class OrdersStarDagTests(PostgresDatabaseFixture warehouse) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private static readonly DateOnly FirstDay = new(2024, 5, 6);
    private readonly DagGraph _snapshot = DagValidator.Validate(new CustomersSnapshotDag().Build());
    private readonly DagGraph _orders = DagValidator.Validate(new OrdersEtlDag().Build());
    private readonly DagGraph _star = DagValidator.Validate(new OrdersStarDag().Build());
    private readonly InMemoryMetadataStore _store = new();

    public async Task InitializeAsync()
    {
        await ExecuteAsync("DROP SCHEMA IF EXISTS source CASCADE; DROP SCHEMA IF EXISTS warehouse CASCADE; DROP SCHEMA IF EXISTS staging CASCADE; DROP SCHEMA IF EXISTS mart CASCADE;");
        for (var day = 0; day < 3; day++)
        {
            await RunUpstreamDayAsync(day);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task ThreeDays_DimCustomers_KeepsEveryVersionOfAChangedCustomer_AndOneOfAnUnchangedOne()
    {
        Assert.Equal(DagRunState.Success, (await RunStarAsync()).Run.State);

        const int moving = 10;
        Assert.True(CustomerChanges.MovesEmailDaily(moving));
        var source = await SourceCustomerAsync(moving);
        var versions = await VersionsAsync(moving);
        Assert.Equal(3, versions.Count);
        for (var i = 0; i < 3; i++)
        {
            var day = FirstDay.AddDays(i);
            var expected = CustomerChanges.On(day, source);
            Assert.Equal(Midnight(day), versions[i].ValidFrom);
            Assert.Equal(expected.Email, versions[i].Email);
            Assert.Equal(i == 2, versions[i].IsCurrent);
            Assert.Equal(i == 2 ? null : Midnight(day.AddDays(1)), versions[i].ValidTo);   // null: infinity
        }

        Assert.NotEqual(versions[0].Email, versions[1].Email);
        var steady = Enumerable.Range(1, 200).First(id => !CustomerChanges.MovesEmailDaily(id) && !CustomerChanges.ChangesSegment(id));
        var single = Assert.Single(await VersionsAsync(steady));
        Assert.True(single.IsCurrent);
        Assert.Equal(Midnight(FirstDay), single.ValidFrom);
        Assert.Equal(200L, await ScalarAsync("SELECT count(*) FROM mart.dim_customers WHERE is_current"));
    }

    [Fact]
    public async Task FactOrders_JoinsEveryOrderToTheCustomerVersionValidWhenPlaced_AndToItsDay()
    {
        var run = await RunStarAsync();

        Assert.Equal(DagRunState.Success, run.Run.State);
        var orders = await ScalarAsync("SELECT count(*) FROM warehouse.fact_orders");
        Assert.True(orders > 100, $"expected three days of orders, got {orders}");
        Assert.Equal(orders, await ScalarAsync("SELECT count(*) FROM mart.fact_orders"));
        Assert.Equal(0L, await ScalarAsync(
            """
            SELECT count(*) FROM warehouse.fact_orders w
            JOIN mart.fact_orders m ON m.order_id = w.order_id
            JOIN mart.dim_customers c ON c.customer_sk = m.customer_sk
            JOIN mart.dim_date d ON d.date_key = m.date_key
            WHERE c.customer_id <> w.customer_id OR d.date <> w.order_date OR m.amount_usd <> w.amount_usd
               OR (w.created_at >= (SELECT min(valid_from) FROM mart.dim_customers f WHERE f.customer_id = w.customer_id)
                   AND NOT (w.created_at >= c.valid_from AND w.created_at < c.valid_to))
            """));
        Assert.Equal(orders, await ScalarAsync(
            "SELECT count(*) FROM mart.fact_orders m JOIN mart.dim_customers c USING (customer_sk) JOIN mart.dim_date USING (date_key)"));
        // Orders of a customer who moved placed on different days point at different versions.
        Assert.True(await ScalarAsync(
            "SELECT count(DISTINCT m.customer_sk) FROM mart.fact_orders m JOIN mart.dim_customers c USING (customer_sk) WHERE c.customer_id % 10 = 0 AND m.created_at >= c.valid_from AND c.valid_from > @first",
            Midnight(FirstDay)) > 0);
        Assert.Equal(await ScalarAsync("SELECT max(order_date) - min(order_date) + 1 FROM warehouse.fact_orders"), await ScalarAsync("SELECT count(*) FROM mart.dim_date"));
        var checks = await _store.ListCheckResultsAsync(run.Run.Key);
        Assert.Equal(3, checks.Count(c => c.Name == "documented"));
        Assert.All(checks, c => Assert.True(c.FailingCount == 0, $"check {c.Name} failed: {c.SampleJson}"));
    }

    [Fact]
    public async Task RerunningTheUpstreamDayAndTheStar_ChangesNothing()
    {
        Assert.Equal(DagRunState.Success, (await RunStarAsync()).Run.State);
        var before = await MartContentsAsync();

        // A fresh store: one run per logical date, and no high-water mark, so day 2 is extracted and loaded again in full.
        await RunUpstreamDayAsync(2, new InMemoryMetadataStore());
        var again = await RunStarAsync();

        Assert.Equal(DagRunState.Success, again.Run.State);
        Assert.Equal(before, await MartContentsAsync());
        Assert.Equal(0L, again.Tasks["build_fact_orders"].RowsWritten);
        Assert.Equal(0L, again.Tasks["build_dim_customers"].RowsWritten);
    }

    [Fact]
    public async Task TheFourthDay_ClosesTheCurrentVersion_AndReKeysNoOlderOrder()
    {
        Assert.Equal(DagRunState.Success, (await RunStarAsync()).Run.State);
        var olderOrders = await MartRowsAsync("SELECT order_id, customer_sk FROM mart.fact_orders WHERE created_at < @cut ORDER BY order_id", Midnight(FirstDay.AddDays(2)));

        await RunUpstreamDayAsync(3);
        Assert.Equal(DagRunState.Success, (await RunStarAsync()).Run.State);

        var versions = await VersionsAsync(10);
        Assert.Equal(4, versions.Count);
        Assert.Equal(Midnight(FirstDay.AddDays(3)), versions[2].ValidTo);
        Assert.False(versions[2].IsCurrent);
        Assert.True(versions[3].IsCurrent);
        // Day 3's load adds orders placed earlier that first reached the warehouse with their refund; the orders already there keep their keys.
        var after = await MartRowsAsync("SELECT order_id, customer_sk FROM mart.fact_orders WHERE created_at < @cut ORDER BY order_id", Midnight(FirstDay.AddDays(2)));
        Assert.Subset(after.Split('\n').ToHashSet(), olderOrders.Split('\n').ToHashSet());
    }

    [Fact]
    public void Lineage_And_Catalog_DeclareTheStar()
    {
        Assert.Equal(["warehouse.fact_orders", "staging.customers"], _star.Options.ScheduleOn!.Names);
        Assert.Equal(DatasetCondition.All, _star.Options.ScheduleOn.Condition);

        var catalog = DatasetCatalogBuilder.Build([_snapshot, _orders, _star]);
        var edges = catalog.Edges.Select(e => $"{e.DagId}.{e.TaskId} {e.Access} {e.Dataset}").ToHashSet();
        Assert.Superset(new HashSet<string>
        {
            "customers_snapshot.snapshot_customers Writes staging.customers",
            "orders_etl.load_orders Writes warehouse.fact_orders",
            "orders_star.build_dim_customers Reads staging.customers",
            "orders_star.build_dim_customers Writes mart.dim_customers",
            "orders_star.build_dim_date Reads warehouse.fact_orders",
            "orders_star.build_dim_date Writes mart.dim_date",
            "orders_star.build_fact_orders Reads warehouse.fact_orders",
            "orders_star.build_fact_orders Reads mart.dim_customers",
            "orders_star.build_fact_orders Reads mart.dim_date",
            "orders_star.build_fact_orders Writes mart.fact_orders",
        }, edges);

        var impact = new DatasetLineage(catalog.Edges).Impact("staging.customers");
        Assert.Equal(["mart.dim_customers", "mart.fact_orders"], impact.DownstreamDatasets.Order(StringComparer.Ordinal));
        Assert.Contains("orders_star", impact.ReadingDags);

        var entries = catalog.Entries.ToDictionary(e => e.Name);
        Assert.All(entries.Values, e => Assert.Empty(e.Warnings));
        Assert.Equal(["name", "email"], entries["staging.customers"].PiiColumns);
        Assert.Equal(["name", "email"], entries["mart.dim_customers"].PiiColumns);
        foreach (var mart in new[] { "mart.dim_date", "mart.dim_customers", "mart.fact_orders" })
        {
            Assert.Equal(ContractMode.Additive, entries[mart].Contract);
            Assert.Equal("data-platform", entries[mart].Owner);
            Assert.All(entries[mart].Columns, c => Assert.False(string.IsNullOrWhiteSpace(c.Description)));
        }

        var structure = DagStructures.Of(_star, "");
        var fact = structure.Tasks.Single(t => t.TaskId == "build_fact_orders");
        Assert.Equal(["mart.fact_orders"], fact.Writes);
        Assert.Equal(["build_dim_customers", "build_dim_date"], fact.Upstream.Order(StringComparer.Ordinal));
    }

    private async Task RunUpstreamDayAsync(int day, InMemoryMetadataStore? store = null)
    {
        var midnight = Midnight(FirstDay.AddDays(day));
        Assert.Equal(DagRunState.Success, (await RunAsync(_snapshot, DagRunType.Scheduled, new DataInterval(midnight.AddHours(1), midnight.AddHours(25)), store)).Run.State);
        Assert.Equal(DagRunState.Success, (await RunAsync(_orders, DagRunType.Scheduled, new DataInterval(midnight.AddHours(2), midnight.AddHours(26)), store)).Run.State);
    }

    // As the scheduler makes a dataset-triggered run: a zero-length interval at the newest consumed update.
    private Task<RunSnapshot> RunStarAsync()
    {
        var at = DateTimeOffset.UtcNow;
        return RunAsync(_star, DagRunType.DatasetTriggered, new DataInterval(at, at));
    }

    private async Task<RunSnapshot> RunAsync(DagGraph graph, DagRunType type, DataInterval interval, InMemoryMetadataStore? store = null)
    {
        store ??= _store;
        var (run, tasks) = DagRunFactory.Create(graph, type, interval, RunConf.Parse("{}", graph.Definition.ParamsType), interval.End);
        await store.CreateRunAsync(run, tasks);
        var options = new TaskRuntimeOptions { Connections = DataEngineer.Core.Connections.ConnectionRegistry.FromConnectionStrings(new Dictionary<string, string> { ["Warehouse"] = warehouse.ConnectionString }) };
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var snapshot = await new LocalDagRunner(store, TimeProvider.System, options).RunAsync(graph, run.Key, limit.Token);
        Assert.True(snapshot.Run.State == DagRunState.Success,
            $"{graph.DagId}: {string.Join("; ", snapshot.Tasks.Values.Where(t => t.Error is not null).Select(t => $"{t.TaskId}: {t.Error}"))}");
        return snapshot;
    }

    private static DateTimeOffset Midnight(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private async Task<Customer> SourceCustomerAsync(int id)
    {
        await using var connection = await OpenAsync();
        await using var select = new NpgsqlCommand("SELECT customer_id, name, country, segment FROM source.customers WHERE customer_id = @id", connection);
        select.Parameters.AddWithValue("id", id);
        await using var reader = await select.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return new Customer(reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetString(3));
    }

    private async Task<List<(string Email, DateTimeOffset ValidFrom, DateTimeOffset? ValidTo, bool IsCurrent)>> VersionsAsync(int customerId)
    {
        await using var connection = await OpenAsync();
        await using var select = new NpgsqlCommand(
            "SELECT email, valid_from, nullif(valid_to, 'infinity'), is_current FROM mart.dim_customers WHERE customer_id = @id ORDER BY valid_from", connection);
        select.Parameters.AddWithValue("id", customerId);
        await using var reader = await select.ExecuteReaderAsync();
        var versions = new List<(string, DateTimeOffset, DateTimeOffset?, bool)>();
        while (await reader.ReadAsync())
        {
            versions.Add((reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1), reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2), reader.GetBoolean(3)));
        }

        return versions;
    }

    private async Task<string> MartContentsAsync() => string.Join("\n",
        await MartRowsAsync("SELECT * FROM mart.dim_date ORDER BY date_key", null),
        await MartRowsAsync("SELECT * FROM mart.dim_customers ORDER BY customer_sk", null),
        await MartRowsAsync("SELECT * FROM mart.fact_orders ORDER BY order_id", null));

    private async Task<string> MartRowsAsync(string sql, DateTimeOffset? cut)
    {
        await using var connection = await OpenAsync();
        await using var select = new NpgsqlCommand($"SELECT coalesce(string_agg(row_to_json(r)::text, E'\\n'), '') FROM ({sql}) r", connection);
        select.Parameters.AddWithValue("cut", (object?)cut ?? DBNull.Value);
        return (string)(await select.ExecuteScalarAsync())!;
    }

    private async Task<long> ScalarAsync(string sql, DateTimeOffset? first = null)
    {
        await using var connection = await OpenAsync();
        await using var select = new NpgsqlCommand(sql, connection);
        if (first is { } value)
        {
            select.Parameters.AddWithValue("first", value);
        }

        return Convert.ToInt64(await select.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(warehouse.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }
}
