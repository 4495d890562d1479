using System.Text.Json;
using DataEngineer.Core.States;
using DataEngineer.Execution.Hosting;
using DataEngineer.Host.Api;
using DataEngineer.Postgres.Metadata;
using DataEngineer.Testing;
using DataEngineer.Testing.Writes;
using Xunit;

namespace DataEngineer.Host.Tests;

/// <summary>
/// The writes of a real engine run (a SQL task's Writes, an SCD2 load, a partition load, a swap) in <c>datasets list</c> and the
/// REST datasets list, beside a dataset the DAGs declare that nothing has written yet.
/// </summary>
public sealed class RecordedWritesTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private static readonly string[] Written = ["wr.daily", "wr.dim_customers", "wr.events", "wr.payments"];
    private WritesEngine _engine = null!;

    public async Task InitializeAsync()
    {
        _engine = await WritesEngine.StartAsync(database.ConnectionString, PostgresMetadataStoreOptions.DefaultSchema);
        await JobStoreSchemas.InstallAsync(database.ConnectionString);  // as db migrate does: the CLI refuses a database without them
        if (await _engine.Store.GetDatasetAsync("wr.daily") is null)  // one run for the class: the database is the class's
        {
            Assert.Equal(DagRunState.Success, (await _engine.RunDayAsync(0)).Run.State);
        }
    }

    public async Task DisposeAsync() => await _engine.DisposeAsync();

    [Fact]
    public async Task DatasetsList_ShowsEveryKindOfWrite_AndTheNeverWrittenOne()
    {
        var result = await CliHarness.RunAsync(new Dictionary<string, string?> { ["ConnectionStrings:Metadata"] = database.ConnectionString }, "datasets", "list", "--json");

        Assert.Equal(0, result.ExitCode);
        var listed = JsonDocument.Parse(result.Out).RootElement.EnumerateArray().ToDictionary(d => d.GetProperty("name").GetString()!);
        Assert.Equal([.. Written, WritesEngineDag.NeverWritten.Name], listed.Keys.Order(StringComparer.Ordinal));
        Assert.All(Written, name => Assert.True(listed[name].GetProperty("observed").GetBoolean(), name));
        Assert.Equal([24L, 6L, 7L, 3L], Written.Select(name => listed[name].GetProperty("row_count").GetInt64()));
        Assert.False(listed[WritesEngineDag.NeverWritten.Name].GetProperty("observed").GetBoolean());
    }

    [Fact]
    public async Task RestList_ShowsEveryKindOfWrite_AndTheNeverWrittenOne()
    {
        var listed = (await ApiDataset.ListAsync(_engine.Store, _engine.Store, DateTimeOffset.UtcNow, CancellationToken.None)).ToDictionary(d => d.Name);

        Assert.Equal([.. Written, WritesEngineDag.NeverWritten.Name], listed.Keys.Order(StringComparer.Ordinal));
        Assert.Equal([24L, 6L, 7L, 3L], Written.Select(name => listed[name].RowCount!.Value));
        Assert.Equal(["sql_write", "scd2_write", "partition_write", "swap_write"], Written.Select(name => listed[name].TaskId));
        var never = listed[WritesEngineDag.NeverWritten.Name];
        Assert.Equal((false, ApiDataset.NeverWritten, (long?)null, (string?)null), (never.Written, never.SlaState, never.RowCount, never.DagId));
        Assert.Equal(3600, never.FreshnessSlaSeconds);
    }
}
