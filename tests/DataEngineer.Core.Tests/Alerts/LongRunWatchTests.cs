using DataEngineer.Core.Alerts;
using DataEngineer.Core.Execution;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Tests.Fixtures;
using DataEngineer.Core.Validation;
using DataEngineer.Sdk;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace DataEngineer.Core.Tests.Alerts;

public sealed class LongRunWatchTests
{
    [Fact]
    public async Task RunPastItsExpectedDuration_AlertsOnce_NotBefore()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 4, 1, 12, 0, 0, TimeSpan.Zero));
        var registry = new StaticDagRegistry([DagValidator.Validate(new TestDag("slow_dag", d => d.Task("t", _ => { }),
            new DagOptions { ExpectedRunDuration = TimeSpan.FromMinutes(30), Alerts = new AlertOptions { Recipients = ["oncall"], On = AlertEvents.LongRun } }).Build())]);
        var store = new InMemoryMetadataStore();
        var alerts = new InMemoryAlertStore();
        var routing = new AlertRoutingOptions { Channels = new HashSet<string> { "oncall" } };
        var watch = new LongRunWatch(store, registry, new AlertOutbox(alerts, registry, routing, time, NullLogger<AlertOutbox>.Instance), time);
        var graph = registry.Find("slow_dag")!;
        var day = new DateTimeOffset(2024, 4, 1, 0, 0, 0, TimeSpan.Zero);
        var (run, tasks) = DagRunFactory.Create(graph, DagRunType.Manual, new DataInterval(day, day), RunConf.Empty, time.GetUtcNow());
        await store.CreateRunAsync(run, tasks);
        await store.UpdateRunAsync(run.Key, s => RunProgression.Start(s, time.GetUtcNow()));

        time.Advance(TimeSpan.FromMinutes(30));
        await watch.CheckAsync(CancellationToken.None);
        Assert.Empty(await alerts.ListAlertsAsync());

        time.Advance(TimeSpan.FromMinutes(1));
        await watch.CheckAsync(CancellationToken.None);
        await watch.CheckAsync(CancellationToken.None);
        await new LongRunWatch(store, registry, new AlertOutbox(alerts, registry, routing, time, NullLogger<AlertOutbox>.Instance), time).CheckAsync(CancellationToken.None);

        var alert = Assert.Single(await alerts.ListAlertsAsync());
        Assert.Equal(AlertEvents.LongRun, alert.Kind);
        Assert.Contains("running for 31 min, longer than the expected 30 min", alert.Body, StringComparison.Ordinal);
    }
}
