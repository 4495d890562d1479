using System.Text.Json;
using DataEngineer.Core.Governance;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Execution.Hosting;
using DataEngineer.Postgres.Metadata;
using DataEngineer.Sdk;
using DataEngineer.Testing;
using Npgsql;
using Xunit;

namespace DataEngineer.Host.Tests;

/// <summary><c>datasets show</c> prints the last run of the dataset's retention task (seeded through the store as the retention DAG leaves it).</summary>
public sealed class DatasetRetentionCommandTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private const string Dataset = "crm.sessions";
    private static readonly DateTimeOffset End = new(2024, 6, 2, 0, 0, 0, TimeSpan.Zero);
    private NpgsqlDataSource _dataSource = null!;

    private Dictionary<string, string?> Settings => new() { ["ConnectionStrings:Metadata"] = database.ConnectionString };

    public async Task InitializeAsync()
    {
        _dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        await SchemaMigrator.MigrateAsync(_dataSource, PostgresMetadataStoreOptions.DefaultSchema);
        await JobStoreSchemas.InstallAsync(database.ConnectionString);
        var store = new PostgresMetadataStore(_dataSource);
        if (await store.GetDatasetAsync(Dataset) is not null)
        {
            return;
        }

        await store.RecordTryObservationsAsync(new TryObservations
        {
            Writes =
            [
                new DatasetWrite
                {
                    Dataset = Dataset, DagId = "crm_etl", RunId = "manual__1", TaskId = "load", TryNumber = 1, At = End, LogicalDate = End.AddDays(-1),
                    RowCount = 30, RowsWritten = 5, Columns = [new("started_at", "timestamp with time zone")],
                },
            ],
        });
        foreach (var (runId, day, deleted) in new[] { ("scheduled__2024-05-31T00:00:00Z", -1, 3L), ("scheduled__2024-06-01T00:00:00Z", 0, 10L) })
        {
            var run = new DagRun
            {
                DagId = RetentionRuns.DagId, RunId = runId, Type = DagRunType.Scheduled, DataInterval = new DataInterval(End.AddDays(day - 1), End.AddDays(day)),
                DagVersion = "v1", CreatedAt = End.AddDays(day), State = DagRunState.Success,
            };
            await store.CreateRunAsync(run, [new TaskInstance
            {
                DagId = RetentionRuns.DagId, RunId = runId, TaskId = Dataset, MaxTries = 3, Queue = "default", Pool = "default_pool",
                State = TaskInstanceState.Success, TryNumber = 1, StartedAt = End.AddDays(day), EndedAt = End.AddDays(day).AddSeconds(2),
            }]);
            var result = new RetentionResult(Dataset, "started_at", TimeSpan.FromDays(30), End.AddDays(day - 30), deleted, 1);
            await store.SetXComAsync(new XComEntry(RetentionRuns.DagId, runId, Dataset, XComKeys.ReturnValue, XComJson.Write(result, typeof(RetentionResult))));
        }
    }

    public async Task DisposeAsync() => await _dataSource.DisposeAsync();

    [Fact]
    public async Task DatasetsShow_PrintsTheLastRetentionRun()
    {
        var text = await CliHarness.RunAsync(Settings, "datasets", "show", Dataset);

        Assert.Equal(0, text.ExitCode);
        Assert.Contains("Retention: last run scheduled__2024-06-01T00:00:00Z (success, try 1, ended 2024-06-02 00:00Z): deleted 10 rows whose started_at was before 2024-05-03 00:00Z (keeps 30 d)", text.Out, StringComparison.Ordinal);

        var json = await CliHarness.RunAsync(Settings, "datasets", "show", Dataset, "--json");
        var last = JsonDocument.Parse(json.Out).RootElement.GetProperty("retention_last_run");
        Assert.Equal(("scheduled__2024-06-01T00:00:00Z", 10L, "2024-05-03T00:00:00.0000000+00:00"),
            (last.GetProperty("run_id").GetString(), last.GetProperty("deleted_rows").GetInt64(), last.GetProperty("cutoff").GetString()));
    }
}
