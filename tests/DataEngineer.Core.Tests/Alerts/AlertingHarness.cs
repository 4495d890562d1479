using DataEngineer.Core.Alerts;
using DataEngineer.Core.Execution;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Tests.Fixtures;
using DataEngineer.Core.Validation;
using DataEngineer.Sdk;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataEngineer.Core.Tests.Alerts;

/// <summary>One worker and scheduler over in-memory stores, with the try-end notifier and the alert outbox wired as a host wires them.</summary>
public sealed class AlertingHarness : IAsyncDisposable
{
    private readonly TaskWorker _worker;
    private readonly RunScheduler _scheduler;

    public AlertingHarness(AlertRoutingOptions routing, params Dag[] dags)
    {
        Registry = new StaticDagRegistry(dags.Select(d => DagValidator.Validate(d.Build())));
        Outbox = new AlertOutbox(Alerts, Registry, routing, TimeProvider.System, NullLogger<AlertOutbox>.Instance);
        Notifier = new TryEndNotifier(Outbox, Store, Store, routing, NullLogger<TryEndNotifier>.Instance);
        Tries = TryPipeline.Standard(Store, TimeProvider.System, new TaskRuntimeOptions(), Registry, NullLogger.Instance, [Notifier]);
        _scheduler = new RunScheduler(Store, Store, Store, Store, Store, Store, Store, Dispatcher, Registry, TimeProvider.System, new SchedulerOptions { DagsArePausedAtCreation = false }, NullLogger<RunScheduler>.Instance,
            Tries);
        _worker = new TaskWorker(Store, Dispatcher, Registry, TimeProvider.System, new WorkerOptions { Hostname = "w1", Concurrency = 2, Queues = new HashSet<string> { "default" } },
            new TaskRuntimeOptions(), NullLogger<TaskWorker>.Instance, Tries);
        Dispatcher.Serve(_worker, new HashSet<string> { "default" });
    }

    public InMemoryMetadataStore Store { get; } = new();

    public InMemoryAlertStore Alerts { get; } = new();

    public InProcessDispatcher Dispatcher { get; } = new();

    public StaticDagRegistry Registry { get; }

    public AlertOutbox Outbox { get; }

    public TryEndNotifier Notifier { get; }

    /// <summary>The try pipeline the worker and the scheduler share, with <see cref="Notifier"/> among its filters.</summary>
    public TryPipeline Tries { get; }

    /// <summary>Triggers a run and drives it to its end, then waits for the background callbacks and alerts.</summary>
    public async Task<RunSnapshot> RunAsync(string dagId, DateTimeOffset logicalDate) =>
        await DriveAsync(await TriggerAsync(dagId, logicalDate), s => s.Run.State.IsFinished());

    public async Task<RunKey> TriggerAsync(string dagId, DateTimeOffset logicalDate)
    {
        var graph = Registry.Find(dagId)!;
        var (run, tasks) = DagRunFactory.Create(graph, DagRunType.Manual, new DataInterval(logicalDate, logicalDate), RunConf.Empty, DateTimeOffset.UtcNow);
        await Store.CreateRunAsync(run, tasks);
        return run.Key;
    }

    /// <summary>Ticks the scheduler and runs what it queues until <paramref name="done"/> holds, then waits for the background callbacks and alerts.</summary>
    public async Task<RunSnapshot> DriveAsync(RunKey key, Func<RunSnapshot, bool> done)
    {
        for (var i = 0; i < 2000; i++)
        {
            await _scheduler.TickAsync(CancellationToken.None);
            await Dispatcher.DrainAsync();
            var snapshot = (await Store.GetRunAsync(key))!;
            if (done(snapshot))
            {
                await Notifier.DrainAsync();
                return snapshot;
            }

            await Task.Delay(5);
        }

        throw new TimeoutException($"Run {key} did not get there.");
    }

    public async ValueTask DisposeAsync()
    {
        await _worker.DisposeAsync();
        await Notifier.DisposeAsync();
    }
}
