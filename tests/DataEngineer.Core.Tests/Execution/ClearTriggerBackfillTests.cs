using DataEngineer.Core.Execution;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Tests.Fixtures;
using DataEngineer.Sdk;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace DataEngineer.Core.Tests.Execution;

public class ClearTriggerBackfillTests
{
    private static readonly DateTimeOffset Day = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTime Start = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private sealed record Limits
    {
        public int Max { get; init; } = 3;
    }

    private sealed class ParamsDag() : Dag<Limits>("with_params", new DagOptions { Schedule = "@daily", StartDate = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc) })
    {
        protected override void Define(DagBuilder dag) => dag.Task("t", ctx => ctx.Params<Limits>().Max);
    }

    [Fact]
    public async Task Trigger_WithDate_AlignsToTheSchedule_WithoutDate_UsesNow()
    {
        await using var harness = new EngineHarness(TimeProvider.System, new ParamsDag());
        var graph = harness.Registry.Find("with_params")!;

        var dated = await ManualRuns.TriggerAsync(harness.Store, graph, """{"max": 5}""", Day.AddHours(3), TimeProvider.System, CancellationToken.None);
        var now = await ManualRuns.TriggerAsync(harness.Store, graph, null, null, TimeProvider.System, CancellationToken.None);

        Assert.Equal(Day.AddDays(1), dated.LogicalDate);
        Assert.Equal(DagRunType.Manual, dated.Type);
        Assert.Equal(DagRunState.Queued, dated.State);
        Assert.Equal(now.DataInterval.Start, now.DataInterval.End);
        await Assert.ThrowsAsync<DuplicateRunException>(() => ManualRuns.TriggerAsync(harness.Store, graph, null, Day.AddHours(3), TimeProvider.System, CancellationToken.None));
        await Assert.ThrowsAsync<RunConfException>(() => ManualRuns.TriggerAsync(harness.Store, graph, """{"maximum": 1}""", Day.AddDays(9), TimeProvider.System, CancellationToken.None));
        Assert.Equal(2, (await harness.Store.ListRunsAsync("with_params")).Count);
    }

    [Fact]
    public async Task Clear_FailedTaskWithDownstream_RunsThemAgainWithFreshRetries()
    {
        var fail = true;
        await using var harness = new EngineHarness(TimeProvider.System, new TestDag("clearable", d =>
        {
            var a = d.Task("a", _ => { });
            var b = d.Task("b", ctx =>
            {
                if (Volatile.Read(ref fail))
                {
                    ctx.Fail("bad data");
                }
            }, new TaskOptions { Retries = 1 });
            d.Task("c", _ => { }).After(b);
            a.Before(b);
        }));
        harness.AddWorker("w1");
        var key = await harness.TriggerAsync("clearable", Day);
        var failed = await harness.RunToEndAsync(key);
        Assert.Equal(DagRunState.Failed, failed.Run.State);
        Assert.Equal(TaskInstanceState.UpstreamFailed, failed.Tasks["c"].State);

        Volatile.Write(ref fail, false);
        var graph = harness.Registry.Find("clearable")!;
        var cleared = await harness.Store.UpdateRunAsync(key, s => RunProgression.Clear(graph, s, ["b"], downstream: true, DateTimeOffset.UtcNow));
        Assert.Equal(DagRunState.Queued, cleared.Run.State);
        Assert.Equal(TaskInstanceState.Success, cleared.Tasks["a"].State);
        Assert.Equal(3, cleared.Tasks["b"].MaxTries);
        var rerun = await harness.RunToEndAsync(key);

        Assert.Equal(DagRunState.Success, rerun.Run.State);
        Assert.Equal(2, rerun.Tasks["b"].TryNumber);
        Assert.Equal(1, rerun.Tasks["a"].TryNumber);
        Assert.Equal(TaskInstanceState.Success, rerun.Tasks["c"].State);
    }

    [Fact]
    public void Plan_BadRanges_AreRefusedWithTheReason()
    {
        var graph = Core.Validation.DagValidator.Validate(new TestDag("bounded", d => d.Task("t", _ => { }),
            new DagOptions { Schedule = "@daily", StartDate = Start, EndDate = Start.AddDays(10) }).Build());

        Assert.Contains("is after --to", Assert.Throws<BackfillException>(() => Backfill.Plan(graph, new("bounded", Day.AddDays(5), Day, Reprocess.None, 4))).Message, StringComparison.Ordinal);
        Assert.Contains("beyond DAG 'bounded''s end date", Assert.Throws<BackfillException>(() => Backfill.Plan(graph, new("bounded", Day, Day.AddDays(20), Reprocess.None, 4))).Message, StringComparison.Ordinal);
        Assert.Contains("at least 1", Assert.Throws<BackfillException>(() => Backfill.Plan(graph, new("bounded", Day, Day.AddDays(2), Reprocess.None, 0))).Message, StringComparison.Ordinal);
        Assert.Equal(3, Backfill.Plan(graph, new("bounded", Day, Day.AddDays(2), Reprocess.None, 4)).Count);
    }

    [Fact]
    public async Task Backfill_ThirtyDays_CreatesThirtyRunsPacedByMaxActiveRuns()
    {
        var current = 0;
        var peak = 0;
        await using var harness = new EngineHarness(TimeProvider.System, new TestDag("history", d => d.Task("t", async _ =>
        {
            var now = Interlocked.Increment(ref current);
            int seen;
            while (now > (seen = Volatile.Read(ref peak)) && Interlocked.CompareExchange(ref peak, now, seen) != seen)
            {
            }

            await Task.Delay(5);
            Interlocked.Decrement(ref current);
        }), new DagOptions { Schedule = "@daily", StartDate = Start }));
        harness.AddWorker("w1", concurrency: 8);
        var backfill = new Backfill(harness.Store, harness.Store, harness.Store, harness.Registry, TimeProvider.System, NullLogger<Backfill>.Instance);
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var scheduling = harness.TickUntilAsync(stop.Token);

        await backfill.RunAsync(await StoreAsync(harness.Store, new BackfillRequest("history", Day, Day.AddDays(29), Reprocess.None, 3)), stop.Token);
        await stop.CancelAsync();
        await scheduling;

        var runs = await harness.Store.ListRunsAsync("history", limit: 100);
        Assert.Equal(30, runs.Count);
        Assert.All(runs, r => Assert.Equal((DagRunType.Backfill, DagRunState.Success), (r.Type, r.State)));
        Assert.InRange(peak, 1, 3);
    }

    [Fact]
    public async Task Backfill_ReprocessFailed_RerunsOnlyFailedRuns()
    {
        var failing = 1;
        await using var harness = new EngineHarness(TimeProvider.System, new TestDag("flaky_days", d => d.Task("t", ctx =>
        {
            if (Volatile.Read(ref failing) == 1 && ctx.LogicalDate == Day.AddDays(1))
            {
                ctx.Fail("source missing");
            }
        }), new DagOptions { Schedule = "@daily", StartDate = Start }));
        harness.AddWorker("w1");
        var backfill = new Backfill(harness.Store, harness.Store, harness.Store, harness.Registry, TimeProvider.System, NullLogger<Backfill>.Instance);
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var scheduling = harness.TickUntilAsync(stop.Token);

        await backfill.RunAsync(await StoreAsync(harness.Store, new BackfillRequest("flaky_days", Day, Day.AddDays(2), Reprocess.None, 3)), stop.Token);
        var first = await harness.Store.ListRunsAsync("flaky_days");
        Volatile.Write(ref failing, 0);
        await backfill.RunAsync(await StoreAsync(harness.Store, new BackfillRequest("flaky_days", Day, Day.AddDays(2), Reprocess.Failed, 3)), stop.Token);
        await stop.CancelAsync();
        await scheduling;

        Assert.Equal(1, first.Count(r => r.State == DagRunState.Failed));
        var second = await harness.Store.ListRunsAsync("flaky_days");
        Assert.All(second, r => Assert.Equal(DagRunState.Success, r.State));
        var tries = await harness.Store.ListTriesAsync(new RunKey("flaky_days", "backfill__2024-01-01T00:00:00Z"));
        Assert.Single(tries);
    }

    private static async Task<long> StoreAsync(IMetadataStore store, BackfillRequest request) => (await store.CreateBackfillAsync(new BackfillRecord
    {
        DagId = request.DagId, From = request.From, To = request.To, Reprocess = request.Reprocess, MaxActiveRuns = request.MaxActiveRuns,
        Intervals = (int)((request.To - request.From).TotalDays + 1), CreatedBy = "test", CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
    })).Id;
}
