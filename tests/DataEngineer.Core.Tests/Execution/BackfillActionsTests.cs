using DataEngineer.Core.Execution;
using DataEngineer.Core.Operations;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Tests.Fixtures;
using DataEngineer.Sdk;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace DataEngineer.Core.Tests.Execution;

/// <summary>
/// Pausing, resuming and cancelling a backfill through <see cref="BackfillOperations"/>: a paused backfill creates no
/// new run and resumes where it stopped; a cancel creates no new run and lets running runs finish or cancels them, as
/// chosen; bad ids and states get clear errors. Tasks wait on a gate the test opens, so runs are in flight on demand.
/// </summary>
public sealed class BackfillActionsTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Day = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private static readonly Actor Olga = new("olga", Role.Operator);
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private EngineHarness _harness = null!;
    private InProcessBackfills _jobs = null!;
    private BackfillOperations _operations = null!;
    private Task _scheduling = Task.CompletedTask;

    public Task InitializeAsync()
    {
        _harness = new EngineHarness(TimeProvider.System, new TestDag("gated_days", d => d.Task("wait", async ctx => await _gate.Task.WaitAsync(ctx.CancellationToken)),
            new DagOptions { Schedule = "@daily", StartDate = Day.UtcDateTime }));
        _harness.AddWorker("w1", concurrency: 8);
        _jobs = new InProcessBackfills(new Backfill(_harness.Store, _harness.Store, _harness.Store, _harness.Registry, TimeProvider.System, NullLogger<Backfill>.Instance), _stop.Token);
        _operations = new BackfillOperations(_harness.Store, _harness.Store, _harness.Store, _harness.Store, _harness.Registry, TimeProvider.System, _jobs);
        _scheduling = _harness.TickUntilAsync(_stop.Token);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _gate.TrySetResult();
        await _stop.CancelAsync();
        await _scheduling;
        await _harness.DisposeAsync();
        _stop.Dispose();
    }

    [Fact]
    public async Task Pause_CreatesNoNewRun_ResumeCarriesOnToDone()
    {
        var backfill = await _operations.CreateAsync(Olga, new BackfillRequest("gated_days", Day, Day.AddDays(4), Reprocess.None, 2), CancellationToken.None);
        await WaitForAsync(backfill.Id, b => b.Progress.Runs == 2, "two runs created");

        var paused = await _operations.PauseAsync(Olga, backfill.Id, CancellationToken.None);
        await _jobs.AllReturnedAsync().WaitAsync(Limit);
        _gate.SetResult();
        await WaitForAsync(backfill.Id, b => b.Progress.Unfinished == 0, "the two runs to finish");

        Assert.Equal(BackfillState.Paused, paused.State);
        var stillPaused = (await _harness.Store.GetBackfillAsync(backfill.Id))!;
        Assert.Equal((BackfillState.Paused, 2, 2), (stillPaused.State, stillPaused.Progress.Runs, stillPaused.Progress.Succeeded));
        Assert.Equal(2, (await _harness.Store.ListRunsAsync("gated_days")).Count);

        await _operations.ResumeAsync(Olga, backfill.Id, CancellationToken.None);
        var done = await WaitForAsync(backfill.Id, b => b.State == BackfillState.Done, "the resumed backfill to be done");

        Assert.Equal(new BackfillProgress(5, 0, 5, 0), done.Progress);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => Day.AddDays(i)), (await _harness.Store.ListBackfillRunsAsync(backfill.Id)).Select(r => r.LogicalDate));
        var audit = (await _harness.Store.ListAuditAsync(0, 10)).Entries.Select(e => (e.Action, e.Actor, e.Target)).ToList();
        var target = $"gated_days/backfills/{backfill.Id}";
        Assert.Equal([("backfill.resume", "olga", target), ("backfill.pause", "olga", target), ("backfill.create", "olga", target)], audit);
    }

    [Fact]
    public async Task CancelLettingRunsFinish_CreatesNoNewRun_RunningRunsSucceed()
    {
        var backfill = await _operations.CreateAsync(Olga, new BackfillRequest("gated_days", Day, Day.AddDays(4), Reprocess.None, 2), CancellationToken.None);
        await WaitForRunningAsync(2);

        var result = await _operations.CancelAsync(Olga, backfill.Id, BackfillCancelMode.Finish, CancellationToken.None);
        await _jobs.AllReturnedAsync().WaitAsync(Limit);
        _gate.SetResult();
        var finished = await WaitForAsync(backfill.Id, b => b.Progress.Unfinished == 0, "its runs to finish");

        Assert.Empty(result.CancelledRuns);
        Assert.Equal(BackfillState.Cancelled, finished.State);
        Assert.Equal(new BackfillProgress(2, 0, 2, 0), finished.Progress);
        Assert.Equal(2, (await _harness.Store.ListRunsAsync("gated_days")).Count);
        Assert.Equal("running_runs=finish cancelled_runs=0", (await _harness.Store.ListAuditAsync(0, 1)).Entries[0].Detail);
    }

    [Fact]
    public async Task CancelCancellingRuns_LeavesNothingRunning_AndCreatesNoNewRun()
    {
        var backfill = await _operations.CreateAsync(Olga, new BackfillRequest("gated_days", Day, Day.AddDays(4), Reprocess.None, 2), CancellationToken.None);
        var running = await WaitForRunningAsync(2);

        var result = await _operations.CancelAsync(Olga, backfill.Id, BackfillCancelMode.Cancel, CancellationToken.None);
        await _jobs.AllReturnedAsync().WaitAsync(Limit);

        Assert.Equal(running.Select(r => r.RunId).Order(), result.CancelledRuns.Select(k => k.RunId).Order());
        Assert.Equal(new BackfillProgress(2, 0, 0, 2), result.Backfill.Progress);
        foreach (var run in running)
        {
            var snapshot = (await _harness.Store.GetRunAsync(run.Key))!;
            Assert.Equal(DagRunState.Failed, snapshot.Run.State);
            Assert.DoesNotContain(snapshot.Tasks.Values, t => t.State is TaskInstanceState.Running or TaskInstanceState.Queued or TaskInstanceState.Scheduled);
        }

        Assert.Equal(2, (await _harness.Store.ListRunsAsync("gated_days")).Count);
        var audit = (await _harness.Store.ListAuditAsync(0, 10)).Entries;
        Assert.Equal(2, audit.Count(e => e.Action == "run.cancel" && e.Actor == "olga"));
    }

    [Fact]
    public async Task BadIdsAndStates_GetClearErrors_AndViewersAreRefused()
    {
        var backfill = await _operations.CreateAsync(Olga, new BackfillRequest("gated_days", Day, Day, Reprocess.None, 1), CancellationToken.None);

        var unknown = await Assert.ThrowsAsync<OperationException>(() => _operations.PauseAsync(Olga, 999, CancellationToken.None));
        Assert.Equal((404, "No backfill 999. List the backfills to find its id."), (unknown.StatusCode, unknown.Message));
        var notPaused = await Assert.ThrowsAsync<OperationException>(() => _operations.ResumeAsync(Olga, backfill.Id, CancellationToken.None));
        Assert.Equal(409, notPaused.StatusCode);
        Assert.Equal($"Backfill {backfill.Id} of 'gated_days' is already running.", notPaused.Message);
        var denied = await Assert.ThrowsAsync<OperationDeniedException>(() => _operations.CancelAsync(new Actor("vic", Role.Viewer), backfill.Id, BackfillCancelMode.Cancel, CancellationToken.None));
        Assert.Contains("operator role", denied.Message, StringComparison.Ordinal);

        _gate.SetResult();
        await WaitForAsync(backfill.Id, b => b.State == BackfillState.Done, "the one-day backfill to be done");
        var ended = await Assert.ThrowsAsync<OperationException>(() => _operations.CancelAsync(Olga, backfill.Id, BackfillCancelMode.Finish, CancellationToken.None));
        Assert.Equal(409, ended.StatusCode);
        Assert.Contains($"Backfill {backfill.Id} of 'gated_days' has already ended (done); it cannot be cancelled.", ended.Message, StringComparison.Ordinal);
        Assert.Contains("is not one of finish", Assert.Throws<OperationException>(() => BackfillOperations.ParseCancelMode("later", "running_runs")).Message, StringComparison.Ordinal);
        Assert.Equal(400, Assert.Throws<OperationException>(() => BackfillOperations.ParseId("12abc")).StatusCode);
        Assert.Equal(["backfill.create"], (await _harness.Store.ListAuditAsync(0, 10)).Entries.Select(e => e.Action));
    }

    private async Task<BackfillRecord> WaitForAsync(long id, Func<BackfillRecord, bool> done, string what)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (true)
        {
            var backfill = (await _harness.Store.GetBackfillAsync(id))!;
            if (done(backfill))
            {
                return backfill;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}: {backfill}");
            await Task.Delay(20);
        }
    }

    private async Task<IReadOnlyList<DagRun>> WaitForRunningAsync(int count)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (true)
        {
            var runs = await _harness.Store.ListRunsAsync("gated_days", DagRunState.Running);
            if (runs.Count == count)
            {
                return runs;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {count} running runs; {runs.Count} are.");
            await Task.Delay(20);
        }
    }
}
