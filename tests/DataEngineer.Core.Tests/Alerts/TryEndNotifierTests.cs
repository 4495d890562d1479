using System.Collections.Concurrent;
using DataEngineer.Core.Alerts;
using DataEngineer.Core.Execution;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Tests.Fixtures;
using DataEngineer.Sdk;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging;
using Xunit;

namespace DataEngineer.Core.Tests.Alerts;

public sealed class TryEndNotifierTests
{
    private static readonly DateTimeOffset Day = new(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly AlertRoutingOptions Routing = new()
    {
        Channels = new HashSet<string> { "oncall", "team-hook" },
        AddressChannel = "oncall",
        BaseUrl = new Uri("https://de.example.com/"),
    };

    private static TaskOptions Retrying(int retries) => new() { Retries = retries, RetryDelay = TimeSpan.FromMilliseconds(1) };

    [Fact]
    public async Task TaskFailsAfterLastRetry_OneFailureAlertWithEverythingOnCallNeeds()
    {
        var dag = new TestDag("alerting_fail", d => d.Task("load", ctx =>
        {
            ctx.Logger.LogInformation("loading orders");
            throw new InvalidOperationException("warehouse refused the connection");
        }, Retrying(1)), new DagOptions { Alerts = new AlertOptions { Recipients = ["oncall"] } });
        await using var harness = new AlertingHarness(Routing, dag);

        var run = await harness.RunAsync("alerting_fail", Day);

        Assert.Equal(DagRunState.Failed, run.Run.State);
        var alert = Assert.Single(await harness.Alerts.ListAlertsAsync());
        Assert.Equal(AlertEvents.Failure, alert.Kind);
        Assert.Equal(AlertStatus.Pending, alert.Status);
        Assert.Equal("oncall", alert.Channel);
        Assert.Equal($"task_failed/alerting_fail/{run.Run.RunId}/load/2", alert.EventKey);
        Assert.Contains("DAG: alerting_fail", alert.Body, StringComparison.Ordinal);
        Assert.Contains("Task: load", alert.Body, StringComparison.Ordinal);
        Assert.Contains($"Run: {run.Run.RunId}", alert.Body, StringComparison.Ordinal);
        Assert.Contains("Logical date: 2024-03-01T00:00:00Z", alert.Body, StringComparison.Ordinal);
        Assert.Contains("Try: 2 of 2", alert.Body, StringComparison.Ordinal);
        Assert.Contains("warehouse refused the connection", alert.Body, StringComparison.Ordinal);
        Assert.Contains("loading orders", alert.Body, StringComparison.Ordinal);
        Assert.Contains($"Open in the web UI: https://de.example.com/dags/alerting_fail/runs/{Uri.EscapeDataString(run.Run.RunId)}/tasks/load/tries/2", alert.Body, StringComparison.Ordinal);
        Assert.Contains("\"event\":\"task_failed\"", alert.PayloadJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RetryAndRecoverySubscribed_EachTryThatMattersAlertsOnce()
    {
        var dag = new TestDag("alerting_flaky", d => d.Task("flaky", ctx =>
        {
            if (ctx.TryNumber == 1)
            {
                throw new InvalidOperationException("first try fails");
            }
        }, Retrying(2)), new DagOptions { Alerts = new AlertOptions { Recipients = ["team-hook"], On = AlertEvents.Failure | AlertEvents.Retry | AlertEvents.Recovery } });
        await using var harness = new AlertingHarness(Routing, dag);

        var run = await harness.RunAsync("alerting_flaky", Day);

        Assert.Equal(DagRunState.Success, run.Run.State);
        var alerts = (await harness.Alerts.ListAlertsAsync()).OrderBy(a => a.Id).ToList();
        Assert.Equal([AlertEvents.Retry, AlertEvents.Recovery], alerts.Select(a => a.Kind));
        Assert.Contains("Try: 1 of 3", alerts[0].Body, StringComparison.Ordinal);
        Assert.Contains("succeeded on try 2", alerts[1].Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RetryNotSubscribed_NoAlertForTheRetry_DefaultIsFailureOnly()
    {
        var dag = new TestDag("alerting_default", d => d.Task("flaky", ctx =>
        {
            if (ctx.TryNumber == 1)
            {
                throw new InvalidOperationException("first try fails");
            }
        }, Retrying(1)), new DagOptions { AlertOnFailure = ["someone@example.com"] });
        await using var harness = new AlertingHarness(Routing, dag);

        var run = await harness.RunAsync("alerting_default", Day);

        Assert.Equal(DagRunState.Success, run.Run.State);
        Assert.Empty(await harness.Alerts.ListAlertsAsync());
    }

    [Fact]
    public async Task DagNamesNobody_DefaultRecipientsAreTold_AndAnAddressGoesThroughTheEmailChannel()
    {
        var dag = new TestDag("alerting_defaults", d => d.Task("boom", _ => throw new InvalidOperationException("boom")));
        await using var harness = new AlertingHarness(Routing with { DefaultRecipients = ["ops@example.com"] }, dag);

        await harness.RunAsync("alerting_defaults", Day);

        var alert = Assert.Single(await harness.Alerts.ListAlertsAsync());
        Assert.Equal("ops@example.com", alert.Recipient);
        Assert.Equal("oncall", alert.Channel);
        Assert.Equal("ops@example.com", alert.Address);
    }

    [Fact]
    public async Task UnknownRecipient_RecordedAsFailedWithAClearError_RunUnaffected()
    {
        var dag = new TestDag("alerting_unknown", d => d.Task("boom", _ => throw new InvalidOperationException("boom")),
            new DagOptions { Alerts = new AlertOptions { Recipients = ["no-such-channel"] } });
        await using var harness = new AlertingHarness(Routing, dag);

        var run = await harness.RunAsync("alerting_unknown", Day);

        Assert.Equal(DagRunState.Failed, run.Run.State);
        var alert = Assert.Single(await harness.Alerts.ListAlertsAsync());
        Assert.Equal(AlertStatus.Failed, alert.Status);
        Assert.Contains("'no-such-channel' is neither an email address nor an alert channel (configured: oncall, team-hook)", alert.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Callbacks_RunWithTheirContext_AThrowingOrHangingOneIsLoggedInTheTry_NeverChangesTheTask()
    {
        var seen = new ConcurrentQueue<TaskCallbackContext>();
        var dag = new TestDag("alerting_callbacks", d =>
        {
            var flaky = d.Task("flaky", ctx =>
            {
                if (ctx.TryNumber == 1)
                {
                    throw new InvalidOperationException("first try fails");
                }
            }, Retrying(1) with
            {
                OnRetry = c =>
                {
                    seen.Enqueue(c);
                    return Task.CompletedTask;
                },
                OnSuccess = _ => throw new InvalidOperationException("callback bug"),
            });
            var hangs = d.Task("after", _ => { }, new TaskOptions
            {
                OnSuccess = c => Task.Delay(Timeout.Infinite, c.CancellationToken),
                CallbackTimeout = TimeSpan.FromMilliseconds(200),
            });
            flaky.Before(hangs);
        });
        await using var harness = new AlertingHarness(Routing, dag);

        var run = await harness.RunAsync("alerting_callbacks", Day);

        Assert.Equal(DagRunState.Success, run.Run.State);
        var retry = Assert.Single(seen);
        Assert.Equal(("alerting_callbacks", "flaky", 1, 2, "up_for_retry", "InvalidOperationException: first try fails"),
            (retry.DagId, retry.TaskId, retry.TryNumber, retry.MaxTries, retry.State, retry.Error));
        Assert.Equal(Day, retry.LogicalDate);
        var flakyLog = await harness.Store.GetLogAsync(run.Run.Key, "flaky", 2);
        Assert.Contains(flakyLog, l => l.Level == "WARNING" && l.Message == "The on_success callback threw InvalidOperationException: callback bug");
        var afterLog = await harness.Store.GetLogAsync(run.Run.Key, "after", 1);
        Assert.Contains(afterLog, l => l.Message.StartsWith("The on_success callback did not finish within 00:00:00.2", StringComparison.Ordinal));
        Assert.All(run.Tasks.Values, t => Assert.Equal(TaskInstanceState.Success, t.State));
    }

    [Fact]
    public async Task DeadWorkersTry_ReapedByTwoSchedulers_OneAlertAndOneCallback()
    {
        var callbacks = 0;
        var dag = new TestDag("alerting_zombie", d => d.Task("stuck", _ => { }, new TaskOptions
        {
            OnFailure = _ =>
            {
                Interlocked.Increment(ref callbacks);
                return Task.CompletedTask;
            },
        }), new DagOptions { Alerts = new AlertOptions { Recipients = ["oncall"] } });
        await using var harness = new AlertingHarness(Routing, dag);
        var graph = harness.Registry.Find("alerting_zombie")!;
        var (run, tasks) = DagRunFactory.Create(graph, DagRunType.Manual, new DataInterval(Day, Day), RunConf.Empty, DateTimeOffset.UtcNow);
        await harness.Store.CreateRunAsync(run, tasks);
        var longAgo = DateTimeOffset.UtcNow.AddMinutes(-10);
        await harness.Store.UpdateRunWithOccupancyAsync(run.Key, ClaimLimits.None, (s, occupancy) => RunProgression.Start(graph, s, occupancy, longAgo));
        await harness.Store.UpdateRunAsync(run.Key, s => RunProgression.Claim(s, "stuck", "dead-host", longAgo));
        var schedulers = Enumerable.Range(0, 2).Select(_ => new RunScheduler(harness.Store, harness.Store, harness.Store, harness.Store, harness.Store, harness.Store, harness.Store, harness.Dispatcher, harness.Registry, TimeProvider.System,
            new SchedulerOptions { ZombieTimeout = TimeSpan.FromSeconds(5) }, NullLogger<RunScheduler>.Instance, harness.Tries)).ToList();

        await Task.WhenAll(schedulers.Select(s => s.TickAsync(CancellationToken.None)));
        await harness.Notifier.DrainAsync();

        Assert.Equal(TaskInstanceState.Failed, (await harness.Store.GetRunAsync(run.Key))!.Tasks["stuck"].State);
        var alert = Assert.Single(await harness.Alerts.ListAlertsAsync());
        Assert.Contains("stopped heartbeating", alert.Body, StringComparison.Ordinal);
        Assert.Equal(1, callbacks);
    }

    [Fact]
    public async Task PublishSameKeyTwice_RecordedOnce()
    {
        await using var harness = new AlertingHarness(Routing with { DefaultRecipients = ["oncall"] });
        var alert = new AlertEvent { Kind = AlertEvents.QualityFailure, Key = "quality_check_failed/x/1", Summary = "nulls in orders.id" };

        await harness.Outbox.PublishAsync(alert);
        await harness.Outbox.PublishAsync(alert);

        var recorded = Assert.Single(await harness.Alerts.ListAlertsAsync());
        Assert.Equal("quality_check_failed/x/1", recorded.EventKey);
        Assert.Contains("quality_check_failed", recorded.Subject, StringComparison.Ordinal);
    }
}
