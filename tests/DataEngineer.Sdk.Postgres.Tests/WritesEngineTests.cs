using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Postgres.Metadata;
using DataEngineer.Testing;
using DataEngineer.Testing.Writes;
using Xunit;

namespace DataEngineer.Sdk.Postgres.Tests;

/// <summary>
/// Runs of <see cref="WritesEngineDag"/> on the real engine with the PostgreSQL metadata store and warehouse: every kind of
/// write (SQL task Writes, SCD2, partition load, swap) records its dataset, and a swap with a repeated key fails once.
/// </summary>
public sealed class WritesEngineTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private static readonly DateTimeOffset Day = WritesEngine.Day;
    private WritesEngine _engine = null!;
    private PostgresMetadataStore _store = null!;

    public async Task InitializeAsync()
    {
        _engine = await WritesEngine.StartAsync(database.ConnectionString);
        _store = _engine.Store;
    }

    public async Task DisposeAsync() => await _engine.DisposeAsync();

    private Task<RunSnapshot> RunDayAsync(int day, string conf = "{}") => _engine.RunDayAsync(day, conf);

    private Task<long> ScalarAsync(string sql) => _engine.ScalarAsync(sql);

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
