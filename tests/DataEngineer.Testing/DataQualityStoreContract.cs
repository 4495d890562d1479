using DataEngineer.Core.Storage;
using DataEngineer.Sdk;
using Xunit;

namespace DataEngineer.Testing;

/// <summary>What every store must do with datasets, checks, watermarks and quality events; run against both stores.</summary>
public abstract class DataQualityStoreContract
{
    private static readonly DateTimeOffset At = new(2024, 1, 2, 2, 0, 0, TimeSpan.Zero);
    private static readonly DatasetColumn[] V1 = [new("order_id", "bigint"), new("status", "text")];

    protected abstract Task<IMetadataStore> CreateStoreAsync();

    private static DatasetWrite Write(string runId, long rows, DatasetColumn[] columns, DateTimeOffset at, params string[] statuses) => new()
    {
        Dataset = "warehouse.orders",
        DagId = "etl",
        RunId = runId,
        TaskId = "load",
        TryNumber = 1,
        At = at,
        LogicalDate = at.AddDays(-1),
        RowCount = rows * 2,
        RowsWritten = rows,
        DataUpdatedAt = at.AddHours(-1),
        FreshnessSla = TimeSpan.FromHours(26),
        Columns = columns,
        ColumnValues = new Dictionary<string, IReadOnlyList<string>> { ["status"] = statuses },
    };

    [Fact]
    public async Task RecordWrites_SameColumns_KeepOneSchemaVersionAndTheLatestState()
    {
        var store = await CreateStoreAsync();
        await store.RecordTryObservationsAsync(new TryObservations { Writes = [Write("r1", 10, V1, At, "placed")] });
        await store.RecordTryObservationsAsync(new TryObservations { Writes = [Write("r2", 12, V1, At.AddDays(1), "placed", "shipped")] });

        var dataset = await store.GetDatasetAsync("warehouse.orders");
        Assert.NotNull(dataset);
        Assert.Equal(("r2", 24L, 1, TimeSpan.FromHours(26)), (dataset.LastRunId, dataset.RowCount, dataset.SchemaVersion, dataset.FreshnessSla!.Value));
        Assert.Equal(At.AddDays(1).AddHours(-1), dataset.FreshAsOf);
        Assert.Equal(V1, dataset.Columns);
        Assert.Equal(["placed", "shipped"], dataset.ColumnValues["status"]);
        Assert.Null(dataset.BreachedSince);
        Assert.Equal([12L, 10L], await store.ListRowsWrittenAsync("warehouse.orders", "etl", "load", 10));
        Assert.Empty(await store.ListRowsWrittenAsync("warehouse.orders", "etl", "other_task", 10));
        Assert.Equal([10L], await store.ListRowsWrittenAsync("warehouse.orders", "etl", "load", 10, DayOfWeek.Monday));  // r1 covers Monday 2024-01-01
        Assert.Equal([12L], await store.ListRowsWrittenAsync("warehouse.orders", "etl", "load", 10, DayOfWeek.Tuesday));
        Assert.Single(await store.ListSchemaVersionsAsync("warehouse.orders"));
        var writes = await store.ListDatasetWritesAsync("warehouse.orders", 1);
        Assert.Equal("r2", Assert.Single(writes).RunId);
    }

    [Fact]
    public async Task Statements_ListedPerRunAndTask_WithDurationHistoryPerStatement()
    {
        var store = await CreateStoreAsync();
        StatementRecord Statement(string runId, string taskId, int ordinal, double ms, int tryNumber = 1) => new()
        {
            DagId = "etl", RunId = runId, TaskId = taskId, TryNumber = tryNumber, Script = "sql/build.sql", Ordinal = ordinal,
            Sql = $"UPDATE t{ordinal} SET x = 1", DurationMs = ms, Rows = ordinal * 10, PlanJson = ordinal == 1 ? """[{"Plan": {"Node Type": "ModifyTable"}}]""" : null, At = At,
        };
        await store.RecordTryObservationsAsync(new TryObservations { Statements = [Statement("r1", "build", 1, 10), Statement("r1", "build", 2, 20)] });
        await store.RecordTryObservationsAsync(new TryObservations { Statements = [Statement("r2", "build", 1, 11), Statement("r2", "build", 2, 21), Statement("r2", "other", 1, 5)] });
        await store.RecordTryObservationsAsync(new TryObservations { Statements = [Statement("r2", "build", 1, 500, tryNumber: 2)] });
        await store.RecordTryObservationsAsync(new TryObservations
        {
            Writes = [Write("r2", 12, V1, At) with { SizeBytes = 81_920, RowEstimate = 24 }],
            Events = [new QualityEvent { Kind = QualityEventKinds.StatementDurationAnomaly, Severity = "warn", DagId = "etl", RunId = "r2", TaskId = "build", TryNumber = 2, Message = "slow", At = At }],
        });

        var r2 = await store.ListStatementsAsync(new RunKey("etl", "r2"));
        var build = await store.ListStatementsAsync(new RunKey("etl", "r2"), "build");
        var history = await store.ListStatementDurationsAsync("etl", "build", 1);

        Assert.Equal(["build#1.1", "build#1.2", "build#2.1", "other#1.1"], r2.Select(s => $"{s.TaskId}#{s.TryNumber}.{s.Ordinal}"));
        Assert.Equal(3, build.Count);
        Assert.Equal(("UPDATE t2 SET x = 1", 21.0, 20L, (string?)null), (build[1].Sql, build[1].DurationMs, build[1].Rows, build[1].PlanJson));
        Assert.Contains("ModifyTable", build[0].PlanJson, StringComparison.Ordinal);
        Assert.Equal([(1, 500.0), (2, 21.0)], history.Select(h => (h.Ordinal, h.DurationMs)).Order());
        Assert.Equal((81_920L, 24L), (Assert.Single(await store.ListDatasetWritesAsync("warehouse.orders", 5)).SizeBytes, (await store.ListDatasetWritesAsync("warehouse.orders", 5))[0].RowEstimate));
        Assert.Equal("slow", Assert.Single(await store.ListRunEventsAsync(new RunKey("etl", "r2"), 10)).Message);
        Assert.Empty(await store.ListRunEventsAsync(new RunKey("etl", "r1"), 10));
    }

    [Fact]
    public async Task RecordWrites_ChangedColumns_AddASchemaVersion()
    {
        var store = await CreateStoreAsync();
        DatasetColumn[] v2 = [.. V1, new("channel", "text")];
        await store.RecordTryObservationsAsync(new TryObservations { Writes = [Write("r1", 10, V1, At)] });
        await store.RecordTryObservationsAsync(new TryObservations { Writes = [Write("r2", 10, v2, At.AddDays(1))] });

        var versions = await store.ListSchemaVersionsAsync("warehouse.orders");

        Assert.Equal([1, 2], versions.Select(v => v.Version));
        Assert.Equal(v2, versions[1].Columns);
        Assert.Equal("r2", versions[1].RunId);
        Assert.Equal(2, (await store.GetDatasetAsync("warehouse.orders"))!.SchemaVersion);
        Assert.Equal([2, 1], (await store.ListDatasetWritesAsync("warehouse.orders", 10)).Select(w => w.SchemaVersion));
    }

    [Fact]
    public async Task RecordChecks_ListedPerRunInOrder()
    {
        var store = await CreateStoreAsync();
        CheckRecord Check(string run, string name, long failing) => new()
        {
            DagId = "etl", RunId = run, TaskId = "check", TryNumber = 1, Name = name, Kind = "not_null", Severity = "error",
            Target = "warehouse.orders", FailingCount = failing, SampleJson = failing == 0 ? "[]" : """[{"order_id":7}]""", At = At,
        };
        await store.RecordTryObservationsAsync(new TryObservations { Checks = [Check("r1", "b", 0), Check("r1", "a", 1), Check("r2", "c", 0)] });

        var checks = await store.ListCheckResultsAsync(new RunKey("etl", "r1"));

        Assert.Equal(["b", "a"], checks.Select(c => c.Name));
        Assert.Equal("""[{"order_id":7}]""", checks[1].SampleJson);
        Assert.False(checks[1].Passed);
    }

    [Fact]
    public async Task Watermarks_UpsertGetListAndReset()
    {
        var store = await CreateStoreAsync();
        await store.RecordTryObservationsAsync(new TryObservations { Watermarks = [new Watermark("etl", "extract", "source.orders", "2024-01-01T00:00:00Z", "r1", At)] });
        await store.RecordTryObservationsAsync(new TryObservations
        {
            Watermarks = [new Watermark("etl", "extract", "source.orders", "2024-01-02T00:00:00Z", "r2", At), new Watermark("etl", "extract", "source.customers", "5", "r2", At)],
        });

        Assert.Equal("2024-01-02T00:00:00Z", (await store.GetWatermarkAsync("etl", "extract", "source.orders"))!.Value);
        Assert.Equal(["source.customers", "source.orders"], (await store.ListWatermarksAsync("etl")).Select(w => w.Source));
        Assert.Equal(1, await store.ResetWatermarksAsync("etl", "extract", "source.orders"));
        Assert.Null(await store.GetWatermarkAsync("etl", "extract", "source.orders"));
        Assert.Equal(0, await store.ResetWatermarksAsync("other", null, null));
        Assert.Equal(1, await store.ResetWatermarksAsync("etl", null, null));
        Assert.Empty(await store.ListWatermarksAsync("etl"));
    }

    [Fact]
    public async Task FreshnessBreach_OpensOnceUntilResolved()
    {
        var store = await CreateStoreAsync();
        await store.RecordTryObservationsAsync(new TryObservations { Writes = [Write("r1", 10, V1, At)] });
        QualityEvent Breach(DateTimeOffset at) => new() { Kind = QualityEventKinds.FreshnessBreach, Severity = "error", Dataset = "warehouse.orders", Message = "stale", At = at };

        Assert.True(await store.OpenFreshnessBreachAsync(Breach(At.AddDays(2))));
        Assert.False(await store.OpenFreshnessBreachAsync(Breach(At.AddDays(2).AddMinutes(1))));
        Assert.Equal(At.AddDays(2), (await store.GetDatasetAsync("warehouse.orders"))!.BreachedSince);
        Assert.True(await store.ResolveFreshnessBreachAsync("warehouse.orders", At.AddDays(3)));
        Assert.False(await store.ResolveFreshnessBreachAsync("warehouse.orders", At.AddDays(3)));
        Assert.Null((await store.GetDatasetAsync("warehouse.orders"))!.BreachedSince);
        Assert.True(await store.OpenFreshnessBreachAsync(Breach(At.AddDays(4))));

        var events = await store.ListQualityEventsAsync(0, 10);
        Assert.Equal(2, events.Count);
        Assert.Equal(At.AddDays(3), events[0].ResolvedAt);
        Assert.Null(events[1].ResolvedAt);
    }

    [Fact]
    public async Task QualityEvents_ReadInIdOrderAfterACursor()
    {
        var store = await CreateStoreAsync();
        QualityEvent Event(string kind) => new()
        {
            Kind = kind, Severity = "warn", Dataset = "warehouse.orders", DagId = "etl", RunId = "r1", TaskId = "load",
            Message = kind, Before = """["placed"]""", After = """["placed","on_hold"]""", At = At,
        };
        await store.RecordTryObservationsAsync(new TryObservations { Events = [Event(QualityEventKinds.NewValues), Event(QualityEventKinds.RowCountAnomaly)] });
        await store.RecordTryObservationsAsync(new TryObservations { Events = [Event(QualityEventKinds.SchemaDrift)] });

        var all = await store.ListQualityEventsAsync(0, 10);
        var after = await store.ListQualityEventsAsync(all[0].Id, 10);

        Assert.Equal([QualityEventKinds.NewValues, QualityEventKinds.RowCountAnomaly, QualityEventKinds.SchemaDrift], all.Select(e => e.Kind));
        Assert.Equal("""["placed","on_hold"]""", all[0].After);
        Assert.Equal([QualityEventKinds.RowCountAnomaly, QualityEventKinds.SchemaDrift], after.Select(e => e.Kind));
        Assert.True(all[0].Id < all[1].Id && all[1].Id < all[2].Id);
    }

    [Fact]
    public async Task DatasetEvents_AreOneDatasetsNewestFirst_UpToTheLimit()
    {
        var store = await CreateStoreAsync();
        QualityEvent Event(string dataset, string kind) => new() { Kind = kind, Severity = "warn", Dataset = dataset, Message = kind, At = At };
        await store.RecordTryObservationsAsync(new TryObservations
        {
            Events =
            [
                Event("warehouse.orders", QualityEventKinds.NewValues),
                Event("warehouse.customers", QualityEventKinds.SchemaDrift),
                Event("warehouse.orders", QualityEventKinds.RowCountAnomaly),
                Event("warehouse.orders", QualityEventKinds.SchemaDrift),
            ],
        });

        var orders = await store.ListDatasetEventsAsync("warehouse.orders", 2);

        Assert.Equal([QualityEventKinds.SchemaDrift, QualityEventKinds.RowCountAnomaly], orders.Select(e => e.Kind));
        Assert.Equal([QualityEventKinds.SchemaDrift], (await store.ListDatasetEventsAsync("warehouse.customers", 10)).Select(e => e.Kind));
        Assert.Empty(await store.ListDatasetEventsAsync("no.such", 10));
    }
}
