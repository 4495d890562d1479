using DataEngineer.Core.Operations;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Sdk;
using Microsoft.Extensions.Time.Testing;

namespace DataEngineer.Postgres.Tests;

/// <summary>
/// "Why isn't this task running?" against the PostgreSQL store: each reason (state, trigger rule, DAG paused, run not
/// running, MaxActiveRuns, MaxActiveTasks, full pool, no worker on the queue, retry delay, reschedule, approval, a
/// mapped instance) appears when its cause is there, and unknown ids are refused with a clear error.
/// </summary>
public sealed class TaskDependenciesTests(MigratedStores stores) : IClassFixture<MigratedStores>
{
    private static readonly DateTimeOffset Now = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);

    private static DagStructure Structure(string dagId, int maxActiveRuns = 4, int maxActiveTasks = 8) => new()
    {
        DagId = dagId,
        Version = "v1",
        ClassName = "Test",
        Source = "",
        ScheduleDescription = "manual",
        MaxActiveRuns = maxActiveRuns,
        MaxActiveTasks = maxActiveTasks,
        Tasks =
        [
            new TaskStructure { TaskId = "extract", Kind = "Task", TriggerRule = "all_success", Queue = "default", Pool = "default_pool" },
            new TaskStructure { TaskId = "load", Kind = "Task", Upstream = ["extract"], TriggerRule = "all_success", Queue = "heavy", Pool = "warehouse" },
        ],
    };

    private async Task<IMetadataStore> SeedAsync(string dagId, DagRunState runState, TaskInstance extract, TaskInstance load, DagStructure? structure = null, bool paused = false)
    {
        var store = await stores.CreateAsync();
        await store.SyncDagAsync(new DagRecord { DagId = dagId, Version = "v1", LastSeenAt = Now }, pausedAtCreation: paused);
        await store.RecordVersionAsync(structure ?? Structure(dagId), Now);
        await store.CreateRunAsync(Run(dagId, "r1", runState), [extract, load]);
        return store;
    }

    private static DagRun Run(string dagId, string runId, DagRunState state) => new()
    {
        DagId = dagId, RunId = runId, Type = DagRunType.Manual, DataInterval = new DataInterval(Now, Now), State = state, DagVersion = "v1", CreatedAt = Now,
    };

    private static TaskInstance Task(string dagId, string taskId, TaskInstanceState state, string queue = "default", string pool = "default_pool", string runId = "r1") => new()
    {
        DagId = dagId, RunId = runId, TaskId = taskId, State = state, MaxTries = 3, Queue = queue, Pool = pool, TryNumber = state == TaskInstanceState.None ? 0 : 1,
    };

    private async Task<Dictionary<string, string>> ExplainAsync(IMetadataStore store, string dagId, string taskId)
    {
        var reasons = await new TaskDependencies(store, store, store, _time).ExplainAsync(dagId, "r1", taskId, CancellationToken.None);
        Assert.Equal("state", reasons[0].Check);
        return reasons.ToDictionary(r => r.Check, r => r.Reason);
    }

    [Fact]
    public async Task UpstreamRunning_PausedDag_NoWorker_AreEachListed()
    {
        var store = await SeedAsync("deps_a", DagRunState.Running, Task("deps_a", "extract", TaskInstanceState.Running), Task("deps_a", "load", TaskInstanceState.None, "heavy", "warehouse"), paused: true);

        var reasons = await ExplainAsync(store, "deps_a", "load");

        Assert.StartsWith("none", reasons["state"], StringComparison.Ordinal);
        Assert.Contains("all_success", reasons["trigger_rule"], StringComparison.Ordinal);
        Assert.Contains("extract (running)", reasons["trigger_rule"], StringComparison.Ordinal);
        Assert.Contains("is paused", reasons["dag_paused"], StringComparison.Ordinal);
        Assert.Contains("no live worker serves queue 'heavy'", reasons["worker"], StringComparison.Ordinal);
        Assert.DoesNotContain("run_state", reasons.Keys);
    }

    [Fact]
    public async Task AWorkerOnTheQueue_ClearsTheWorkerReason_AndARunningTaskHasOnlyItsState()
    {
        var store = await SeedAsync("deps_b", DagRunState.Running, Task("deps_b", "extract", TaskInstanceState.Running), Task("deps_b", "load", TaskInstanceState.Queued, "heavy", "warehouse"));
        await store.HeartbeatProcessAsync(new EngineProcessRecord { ProcessId = "w1", Hostname = "h", Roles = ["worker"], Queues = ["heavy"], StartedAt = Now, HeartbeatAt = Now });

        var queued = await ExplainAsync(store, "deps_b", "load");
        var running = await ExplainAsync(store, "deps_b", "extract");

        Assert.StartsWith("queued", queued["state"], StringComparison.Ordinal);
        Assert.DoesNotContain("worker", queued.Keys);
        Assert.Equal(["state"], running.Keys);
        Assert.StartsWith("running", running["state"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task QueuedRun_AtMaxActiveRuns_AndFullPool_AndMaxActiveTasks_AreCounted()
    {
        var store = await SeedAsync("deps_c", DagRunState.Queued, Task("deps_c", "extract", TaskInstanceState.Scheduled, pool: "tiny"), Task("deps_c", "load", TaskInstanceState.None, "heavy", "warehouse"),
            Structure("deps_c", maxActiveRuns: 1, maxActiveTasks: 1) with { Tasks = [new TaskStructure { TaskId = "extract", Kind = "Task", TriggerRule = "all_success", Queue = "default", Pool = "tiny" }, Structure("deps_c").Tasks[1]] });
        await store.SetPoolAsync(new Pool("tiny", 1));
        await store.CreateRunAsync(Run("deps_c", "r0", DagRunState.Running) with { DataInterval = new DataInterval(Now.AddDays(-1), Now.AddDays(-1)) }, [Task("deps_c", "extract", TaskInstanceState.Running, pool: "tiny", runId: "r0"), Task("deps_c", "load", TaskInstanceState.None, "heavy", "warehouse", runId: "r0")]);

        var reasons = await ExplainAsync(store, "deps_c", "extract");

        Assert.Contains("the run is queued", reasons["run_state"], StringComparison.Ordinal);
        Assert.Contains("1 of MaxActiveRuns 1 runs", reasons["max_active_runs"], StringComparison.Ordinal);
        Assert.Contains("1 of MaxActiveTasks 1 task instances", reasons["max_active_tasks"], StringComparison.Ordinal);
        Assert.Contains("pool 'tiny' is full: 1 of 1 slots in use", reasons["pool"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TaskInstanceState.UpForRetry, "retry_delay", "waiting for its retry delay until 2024-05-01T12:05:00Z (5 min from now)")]
    [InlineData(TaskInstanceState.UpForReschedule, "reschedule", "it pokes again until 2024-05-01T12:05:00Z")]
    [InlineData(TaskInstanceState.AwaitingInput, "approval", "'tasks approve deps_d --run r1 --task extract'")]
    public async Task Waiting_SaysForWhatAndUntilWhen(TaskInstanceState state, string check, string expected)
    {
        var waiting = Task("deps_d", "extract", state) with { NextTryAt = state == TaskInstanceState.AwaitingInput ? null : Now.AddMinutes(5) };
        var store = await SeedAsync("deps_d", DagRunState.Running, waiting, Task("deps_d", "load", TaskInstanceState.None, "heavy", "warehouse"));

        var reasons = await ExplainAsync(store, "deps_d", "extract");

        Assert.Contains(expected, reasons[check], StringComparison.Ordinal);
    }

    [Fact]
    public async Task MappedInstance_IsAddressedAsTaskIndex_AndAFinishedOneSaysHowToRunItAgain()
    {
        var store = await SeedAsync("deps_e", DagRunState.Running, Task("deps_e", "extract", TaskInstanceState.Success), Task("deps_e", "load[1]", TaskInstanceState.Failed, "heavy", "warehouse"));

        var reasons = await ExplainAsync(store, "deps_e", "load[1]");

        Assert.Equal(["state"], reasons.Keys);
        Assert.Contains("failed: it has finished; clear it to run it again ('tasks clear deps_e --run r1 --task load')", reasons["state"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nobody", "r1", "load", 404, "No DAG 'nobody'")]
    [InlineData("deps_f", "r9", "load", 404, "DAG 'deps_f' has no run 'r9'")]
    [InlineData("deps_f", "r1", "nope", 404, "has no task instance 'nope' (a mapped instance is addressed as task[index])")]
    [InlineData("bad dag!", "r1", "load", 400, "'bad dag!' is not a DAG id")]
    public async Task UnknownOrMalformedIds_AreRefusedNamingThem(string dagId, string runId, string taskId, int status, string expected)
    {
        var store = await SeedAsync("deps_f", DagRunState.Running, Task("deps_f", "extract", TaskInstanceState.Success), Task("deps_f", "load", TaskInstanceState.None, "heavy", "warehouse"));

        var error = await Assert.ThrowsAsync<OperationException>(() => new TaskDependencies(store, store, store, _time).ExplainAsync(dagId, runId, taskId, CancellationToken.None));

        Assert.Equal(status, error.StatusCode);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
