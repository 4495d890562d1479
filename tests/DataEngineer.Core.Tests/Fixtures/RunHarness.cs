using DataEngineer.Core.Execution;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Validation;
using DataEngineer.Sdk;

namespace DataEngineer.Core.Tests.Fixtures;

/// <summary>Creates a manual run of a test DAG in an in-memory store and runs it with the local runner.</summary>
public sealed class RunHarness
{
    public static readonly DateTimeOffset Day = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public RunHarness(Dag dag, TimeProvider? time = null, TaskRuntimeOptions? options = null, string? conf = null)
    {
        Graph = DagValidator.Validate(dag.Build());
        Time = time ?? TimeProvider.System;
        Options = options ?? new TaskRuntimeOptions { Hostname = "test-host" };
        var (run, tasks) = DagRunFactory.Create(Graph, DagRunType.Manual, new DataInterval(Day, Day.AddDays(1)), RunConf.Parse(conf, Graph.Definition.ParamsType), Time.GetUtcNow());
        Key = run.Key;
        Store.CreateRunAsync(run, tasks).GetAwaiter().GetResult();
    }

    public DagGraph Graph { get; }

    public TimeProvider Time { get; }

    public TaskRuntimeOptions Options { get; }

    public InMemoryMetadataStore Store { get; } = new();

    public RunKey Key { get; }

    /// <summary>Runs to the end; a run that does not finish within a minute fails the test instead of hanging it.</summary>
    public async Task<RunSnapshot> RunAsync()
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        return await new LocalDagRunner(Store, Time, Options).RunAsync(Graph, Key, limit.Token);
    }

    public Task<RunSnapshot> StartAsync(CancellationToken ct) => Task.Run(() => new LocalDagRunner(Store, Time, Options).RunAsync(Graph, Key, ct), ct);

    /// <summary>Waits (polling the store, bounded) until a task reaches a state; for tests that must act while a run is in flight.</summary>
    public async Task<TaskInstance> WaitForAsync(string taskId, TaskInstanceState state)
    {
        for (var i = 0; i < 1000; i++)
        {
            var task = (await Store.GetRunAsync(Key))!.Tasks[taskId];
            if (task.State == state)
            {
                return task;
            }

            await Task.Delay(10);
        }

        throw new TimeoutException($"Task {taskId} did not reach {state} within 10 s.");
    }

    public async Task<string?> XComAsync(string taskId, string key = XComKeys.ReturnValue) =>
        (await Store.GetXComAsync(Key, taskId, key))?.Json;
}
