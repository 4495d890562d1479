using DataEngineer.Core.Loading;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Validation;
using DataEngineer.Sdk;
using DataEngineer.TestDags;

namespace DataEngineer.Ui.Tests.Components;

/// <summary>A validated test DAG and runs of it in an in-memory store, for component and operation tests.</summary>
internal static class UiTestData
{
    public static readonly DateTimeOffset Day = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static DagGraph FlakyGraph { get; } = DagCatalog.FromTypes([typeof(UiFlakyDag)]).Get("ui_flaky");

    public static RunSnapshot Run(int day, DagRunState state, TaskInstanceState extract, TaskInstanceState load)
    {
        var start = Day.AddDays(day);
        var run = new DagRun
        {
            DagId = "ui_flaky", RunId = $"manual__{start:yyyy-MM-dd}", Type = DagRunType.Manual, DataInterval = new DataInterval(start, start),
            State = state, DagVersion = FlakyGraph.Version, CreatedAt = start,
        };
        TaskInstance Task(string id, TaskInstanceState s) => new()
        {
            DagId = run.DagId, RunId = run.RunId, TaskId = id, State = s, TryNumber = s == TaskInstanceState.None ? 0 : 1, MaxTries = 1, Queue = "default", Pool = "default_pool",
        };
        return new RunSnapshot(run, new Dictionary<string, TaskInstance> { ["extract"] = Task("extract", extract), ["load"] = Task("load", load) });
    }

    public static async Task<InMemoryMetadataStore> StoreWithRunsAsync(params RunSnapshot[] runs)
    {
        var store = new InMemoryMetadataStore();
        await store.SyncDagAsync(DataEngineer.Core.Execution.DagRecords.Of(FlakyGraph, Day), pausedAtCreation: false);
        foreach (var run in runs)
        {
            await store.CreateRunAsync(run.Run, run.Tasks.Values.ToList());
        }

        return store;
    }
}
