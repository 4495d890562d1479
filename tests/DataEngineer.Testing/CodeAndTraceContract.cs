using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Sdk;
using Xunit;

namespace DataEngineer.Testing;

/// <summary>What every metadata store keeps for the code view and trace links: a DAG version's source and each try's trace.</summary>
public abstract class CodeAndTraceContract
{
    private static readonly DateTimeOffset Day = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly DagStructure Structure = new()
    {
        DagId = "orders", Version = "v1", ClassName = "Orders", Source = "orders/OrdersDag.cs", ScheduleDescription = "daily",
        Tasks = [new TaskStructure { TaskId = "load", Kind = "Task", TriggerRule = "all_success", Queue = "default", Pool = "default_pool" }],
    };

    private static readonly DagCode Code = new([new DagCodeFile("orders/OrdersDag.cs", "// the DAG\nclass Orders {}\n"), new DagCodeFile("orders/Row.cs", "record Row(int Id);\n")]);

    protected abstract Task<IMetadataStore> CreateStoreAsync();

    [Fact]
    public async Task VersionCode_IsKeptWithTheVersion_FirstSourceWins_CompiledHasNone()
    {
        var store = await CreateStoreAsync();
        await store.RecordVersionWithCodeAsync(Structure, Code, Day);
        await store.RecordVersionWithCodeAsync(Structure, new DagCode([new DagCodeFile("orders/OrdersDag.cs", "changed")]), Day.AddDays(1));
        await store.RecordVersionAsync(Structure with { DagId = "compiled", Source = "Acme.CompiledDag" }, Day);

        var code = await store.GetVersionCodeAsync("orders", "v1");

        Assert.NotNull(code);
        Assert.Equal(Code.Files, code.Files);
        Assert.Equal("orders/OrdersDag.cs", (await store.GetVersionAsync("orders", "v1"))!.Source);
        Assert.Null(await store.GetVersionCodeAsync("compiled", "v1"));
        Assert.Null(await store.GetVersionCodeAsync("orders", "v2"));
    }

    [Fact]
    public async Task VersionRecordedWithoutSource_GetsItWhenRecordedAgainWithSource()
    {
        var store = await CreateStoreAsync();
        await store.RecordVersionAsync(Structure, Day);
        Assert.Null(await store.GetVersionCodeAsync("orders", "v1"));

        await store.RecordVersionWithCodeAsync(Structure, Code, Day.AddDays(1));

        Assert.Equal(Code.Files, (await store.GetVersionCodeAsync("orders", "v1"))!.Files);
    }

    [Fact]
    public async Task TryTrace_IsKeptPerTry_AndSurvivesTheTrysLaterUpdates()
    {
        var store = await CreateStoreAsync();
        var run = new DagRun
        {
            DagId = "orders", RunId = "manual__1", Type = DagRunType.Manual, DataInterval = new DataInterval(Day, Day.AddDays(1)), DagVersion = "v1", CreatedAt = Day,
        };
        await store.CreateRunAsync(run, [new TaskInstance { DagId = "orders", RunId = "manual__1", TaskId = "load", MaxTries = 2, Queue = "default", Pool = "default_pool" }]);
        await store.UpdateRunAsync(run.Key, s => new RunChanges([s.Tasks["load"] with { State = TaskInstanceState.Running, TryNumber = 1, StartedAt = Day }]));
        var first = new TryTrace("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331");

        await store.RecordTryTraceAsync(new TaskTryKey("orders", "manual__1", "load", 1), first);
        await store.RecordTryTraceAsync(new TaskTryKey("orders", "manual__1", "load", 5), new TryTrace("ffffffffffffffffffffffffffffffff", "ffffffffffffffff"));
        await store.UpdateRunAsync(run.Key, s => new RunChanges([s.Tasks["load"] with { State = TaskInstanceState.Failed, EndedAt = Day.AddMinutes(1), Error = "boom" }]));

        var traces = await store.ListTryTracesAsync(run.Key, "load");

        Assert.Equal(first, Assert.Single(traces, t => t.Key == 1).Value);
        Assert.DoesNotContain(5, traces.Keys);
        Assert.Empty(await store.ListTryTracesAsync(run.Key, "other"));
    }
}
