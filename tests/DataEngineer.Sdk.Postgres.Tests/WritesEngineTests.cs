using DataEngineer.Core.Catalog;
using DataEngineer.Core.Execution;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Validation;
using DataEngineer.Postgres.Metadata;
using DataEngineer.Testing;
using Npgsql;
using Xunit;

namespace DataEngineer.Sdk.Postgres.Tests;

/// <summary>
/// Runs of <see cref="WritesEngineDag"/> on the real engine with the PostgreSQL metadata store and warehouse: every kind of
/// write (SQL task Writes, SCD2, partition load, swap) records its dataset, and a swap with a repeated key fails once.
/// </summary>
public sealed class WritesEngineTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private static readonly DateTimeOffset Day = new(2024, 5, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly DagGraph _graph = DagValidator.Validate(new WritesEngineDag().Build());
    private NpgsqlDataSource _dataSource = null!;
    private PostgresMetadataStore _store = null!;

    public async Task InitializeAsync()
    {
        _dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        var schema = "s_" + Guid.NewGuid().ToString("N")[..12];
        await SchemaMigrator.MigrateAsync(_dataSource, schema);
        _store = new PostgresMetadataStore(_dataSource, new PostgresMetadataStoreOptions { Schema = schema });
        await _store.ReplaceDatasetCatalogAsync(DatasetCatalogBuilder.Build([_graph]));
        await using var command = _dataSource.CreateCommand("DROP SCHEMA IF EXISTS wr CASCADE");
        await command.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync() => await _dataSource.DisposeAsync();

    private async Task<RunSnapshot> RunDayAsync(int day, string conf = "{}")
    {
        var interval = new DataInterval(Day.AddDays(day), Day.AddDays(day + 1));
        var (run, tasks) = DagRunFactory.Create(_graph, DagRunType.Manual, interval, RunConf.Parse(conf, _graph.Definition.ParamsType), interval.End);
        await _store.CreateRunAsync(run, tasks);
        var options = new TaskRuntimeOptions { ConnectionStrings = new Dictionary<string, string> { ["Warehouse"] = database.ConnectionString } };
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        return await new LocalDagRunner(_store, TimeProvider.System, options).RunAsync(_graph, run.Key, limit.Token);
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var command = _dataSource.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Run_EveryKindOfWrite_RecordsItsDataset()
    {
        var run = await RunDayAsync(0);

        Assert.Equal(DagRunState.Success, run.Run.State);
        var daily = await _store.GetDatasetAsync("wr.daily");
        Assert.NotNull(daily);
        Assert.Equal(("writes_engine", "sql_write", 24L, Day.AddHours(23), TimeSpan.FromDays(2)), (daily.DagId, daily.TaskId, daily.RowCount, daily.DataUpdatedAt!.Value, daily.FreshnessSla!.Value));
        Assert.Contains(daily.Columns, c => c.Name == "total" && c.Type == "bigint");
        Assert.Equal(24, Assert.Single(await _store.ListDatasetWritesAsync("wr.daily", 10)).RowsWritten);

        var customers = await _store.GetDatasetAsync("wr.dim_customers");
        Assert.NotNull(customers);
        Assert.Equal(("scd2_write", 6L), (customers.TaskId, customers.RowCount));
        Assert.Equal(6, Assert.Single(await _store.ListDatasetWritesAsync("wr.dim_customers", 10)).RowsWritten); // 5 opened, then 1 more: one write per try

        var events = await _store.GetDatasetAsync("wr.events");
        Assert.NotNull(events);
        Assert.Equal(("partition_write", 7L, Day.AddMinutes(7)), (events.TaskId, events.RowCount, events.DataUpdatedAt!.Value));
        Assert.Equal(7, Assert.Single(await _store.ListDatasetWritesAsync("wr.events", 10)).RowsWritten);

        var payments = await _store.GetDatasetAsync("wr.payments");
        Assert.NotNull(payments);
        Assert.Equal(("swap_write", 3L), (payments.TaskId, payments.RowCount));
    }

    [Fact]
    public async Task Rerun_SameRows_RecordsZeroRowsWritten()
    {
        await RunDayAsync(0);

        var again = await RunDayAsync(1);

        Assert.Equal(DagRunState.Success, again.Run.State);
        var swaps = await _store.ListDatasetWritesAsync("wr.payments", 10);
        Assert.Equal([0L, 3L], swaps.Select(w => w.RowsWritten));  // newest first: the re-run changed nothing
        Assert.Equal([0L, 6L], (await _store.ListDatasetWritesAsync("wr.dim_customers", 10)).Select(w => w.RowsWritten));
    }

    [Fact]
    public async Task Run_SwapWithARepeatedKey_FailsOnceNamingTheKey_AndTheTableIsUnchanged()
    {
        await RunDayAsync(0);

        var failed = await RunDayAsync(1, """{"duplicatePayment": true}""");

        Assert.Equal(TaskInstanceState.Failed, failed.Tasks["swap_write"].State);
        var error = Assert.Single(await _store.ListTriesAsync(failed.Run.Key, "swap_write")).Error; // deterministic: not retried although Retries = 2
        Assert.Contains("Load of wr.payments (Swap): 1 staged rows repeat a key (payment_id), e.g. (2)", error, StringComparison.Ordinal);
        Assert.Equal(3, await ScalarAsync("SELECT count(*) FROM wr.payments"));
        Assert.Equal(20, await ScalarAsync("SELECT amount FROM wr.payments WHERE payment_id = 2"));
        Assert.Single(await _store.ListDatasetWritesAsync("wr.payments", 10));
    }
}
