using DataEngineer.Core.Execution;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Validation;
using DataEngineer.Sdk;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataEngineer.Core.Tests.Fixtures;

/// <summary>A scheduler and any number of workers over one in-memory store and queue: the distributed engine in one test.</summary>
public sealed class EngineHarness : IAsyncDisposable
{
    private readonly List<TaskWorker> _workers = [];

    public EngineHarness(TimeProvider time, params Dag[] dags)
    {
        Time = time;
        Registry = new StaticDagRegistry(dags.Select(d => DagValidator.Validate(d.Build())));
        Scheduler = new RunScheduler(Store, Store, Store, Store, Store, Store, Store, Dispatcher, Registry, time, new SchedulerOptions { DagsArePausedAtCreation = false }, NullLogger<RunScheduler>.Instance);
    }

    public TimeProvider Time { get; }

    public InMemoryMetadataStore Store { get; } = new();

    public InProcessDispatcher Dispatcher { get; } = new();

    public StaticDagRegistry Registry { get; }

    public RunScheduler Scheduler { get; }

    public TaskWorker AddWorker(string name, int concurrency = 4, params string[] queues)
    {
        var served = new HashSet<string>(queues.Length == 0 ? ["default"] : queues);
        var worker = new TaskWorker(Store, Dispatcher, Registry, Time, new WorkerOptions { Hostname = name, Concurrency = concurrency, Queues = served },
            new TaskRuntimeOptions(), NullLogger<TaskWorker>.Instance);
        _workers.Add(worker);
        Dispatcher.Serve(worker, served);
        return worker;
    }

    public async Task<RunKey> TriggerAsync(string dagId, DateTimeOffset logicalDate)
    {
        var graph = Registry.Find(dagId)!;
        var (run, tasks) = DagRunFactory.Create(graph, DagRunType.Manual, new DataInterval(logicalDate, logicalDate), RunConf.Empty, Time.GetUtcNow());
        await Store.CreateRunAsync(run, tasks);
        return run.Key;
    }

    /// <summary>Ticks the scheduler and drains the queue until the run finishes (bounded).</summary>
    public async Task<RunSnapshot> RunToEndAsync(RunKey key)
    {
        for (var i = 0; i < 500; i++)
        {
            await Scheduler.TickAsync(CancellationToken.None);
            await Dispatcher.DrainAsync();
            var snapshot = (await Store.GetRunAsync(key))!;
            if (snapshot.Run.State.IsFinished())
            {
                return snapshot;
            }

            await Task.Delay(5);
        }

        throw new TimeoutException($"Run {key} did not finish.");
    }

    /// <summary>Ticks the scheduler in the background until cancelled, as a scheduler process would.</summary>
    public Task TickUntilAsync(CancellationToken stop) => Task.Run(async () =>
    {
        while (!stop.IsCancellationRequested)
        {
            await Scheduler.TickAsync(CancellationToken.None);
            await Task.Delay(10, CancellationToken.None);
        }
    }, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _workers)
        {
            await worker.DisposeAsync();
        }
    }
}
