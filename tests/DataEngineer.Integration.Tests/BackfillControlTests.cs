using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.TestDags;
using Xunit;

namespace DataEngineer.Integration.Tests;

/// <summary>
/// Backfills controlled from the CLI against the real engine (a standalone process on PostgreSQL): a paused backfill
/// creates no new run and resumes to the end; a cancel creates no new run and cancels running runs or lets them finish,
/// as chosen; each action is audited as the CLI's OS user. Runs of <see cref="GatedBackfillDag"/> stay running until the
/// test sets its gate variable.
/// </summary>
public sealed class BackfillControlTests : IAsyncLifetime
{
    private const string Dag = "it_backfill_gated";
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);
    private static readonly string CliUser = $"cli:{Environment.UserName}";
    private readonly DateTime _from = DateTime.UtcNow.Date.AddDays(-30);
    private EngineCluster _cluster = null!;
    private HostProcess _engine = null!;

    public async Task InitializeAsync()
    {
        _cluster = await EngineCluster.CreateAsync();
        _engine = await _cluster.StartStandaloneAsync();
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Pause_CreatesNoNewRun_Resume_RunsTheRestToTheEnd_AllAuditedAsTheCliUser()
    {
        var following = Cli.RunAsync(_cluster, "dags", "backfill", Dag, "--from", Date(0), "--to", Date(4), "--max-active-runs", "2");
        var backfill = await WaitForBackfillAsync(b => b.Progress.Runs == 2, "the backfill's first two runs");

        var pause = await Cli.RunAsync(_cluster, "backfill", "pause", $"{backfill.Id}");
        Assert.True(pause.ExitCode == 0, pause.Error);
        Assert.Contains($"Backfill {backfill.Id} of {Dag} is paused", pause.Out, StringComparison.Ordinal);
        await OpenGateAsync();
        await WaitForBackfillAsync(b => b.Progress.Succeeded == 2, "the two runs to succeed");

        // Nothing marks the moment a paused backfill would have gone on: watch a few of its worker's polls (200 ms).
        for (var i = 0; i < 10; i++)
        {
            await Task.Delay(300);
            Assert.Equal(2, (await _cluster.Store.ListRunsAsync(Dag)).Count);
        }

        Assert.Equal(BackfillState.Paused, (await _cluster.Store.GetBackfillAsync(backfill.Id))!.State);
        var again = await Cli.RunAsync(_cluster, "backfill", "pause", $"{backfill.Id}");
        Assert.Equal(2, again.ExitCode);
        Assert.Contains($"Backfill {backfill.Id} of '{Dag}' is already paused.", again.Error, StringComparison.Ordinal);

        var resume = await Cli.RunAsync(_cluster, "backfill", "resume", $"{backfill.Id}");
        Assert.True(resume.ExitCode == 0, resume.Error);
        var done = await WaitForBackfillAsync(b => b.State == BackfillState.Done, "the resumed backfill to be done");

        Assert.Equal(new BackfillProgress(5, 0, 5, 0), done.Progress);
        var followed = await following;
        Assert.True(followed.ExitCode == 0, followed.Out + followed.Error);
        Assert.Contains("Backfill finished: 5 of 5 runs succeeded, 0 failed.", followed.Out, StringComparison.Ordinal);
        var list = await Cli.RunAsync(_cluster, "backfill", "list", Dag);
        Assert.Contains("done", list.Out, StringComparison.Ordinal);
        var ended = await Cli.RunAsync(_cluster, "backfill", "cancel", $"{backfill.Id}");
        Assert.Equal(2, ended.ExitCode);
        Assert.Contains("has already ended (done); it cannot be cancelled", ended.Error, StringComparison.Ordinal);
        var target = $"{Dag}/backfills/{backfill.Id}";
        Assert.Equal([("backfill.resume", CliUser, target), ("backfill.pause", CliUser, target), ("backfill.create", CliUser, target)],
            (await _cluster.Store.ListAuditAsync(0, 10)).Entries.Select(e => (e.Action, e.Actor, e.Target)));
    }

    [Fact]
    public async Task CancelRunningRuns_LeavesNothingRunning_LetThemFinish_TheyFinish_NeitherCreatesNewRuns()
    {
        var cancelling = Cli.RunAsync(_cluster, "dags", "backfill", Dag, "--from", Date(0), "--to", Date(4), "--max-active-runs", "2");
        var cancelled = await WaitForBackfillAsync(b => b.Progress.Runs == 2, "the first backfill's two runs");
        var finishing = Cli.RunAsync(_cluster, "dags", "backfill", Dag, "--from", Date(10), "--to", Date(14), "--max-active-runs", "2");
        var finished = await WaitForBackfillAsync(b => b.Id != cancelled.Id && b.Progress.Runs == 2, "the second backfill's two runs");
        await WaitForRunningAsync(4);

        var cancel = await Cli.RunAsync(_cluster, "backfill", "cancel", $"{cancelled.Id}", "--running-runs", "cancel");
        Assert.True(cancel.ExitCode == 0, cancel.Error);
        Assert.Equal(2, cancel.Out.Split('\n').Count(l => l.Contains("cancelled run backfill__", StringComparison.Ordinal)));
        var letFinish = await Cli.RunAsync(_cluster, "backfill", "cancel", $"{finished.Id}", "--running-runs", "finish");
        Assert.True(letFinish.ExitCode == 0, letFinish.Error);

        foreach (var run in await _cluster.Store.ListBackfillRunsAsync(cancelled.Id))
        {
            Assert.Equal(DagRunState.Failed, run.State);
            await _cluster.WaitForAsync(async () => (await _cluster.Store.GetRunAsync(run.Key))!, s => !s.Tasks.Values.Any(t => t.State == TaskInstanceState.Running),
                Limit, $"the cancelled try of {run.RunId} to stop");
        }

        Assert.All(await _cluster.Store.ListBackfillRunsAsync(finished.Id), r => Assert.Equal(DagRunState.Running, r.State));
        await OpenGateAsync();
        var after = await WaitForBackfillAsync(b => b.Id == finished.Id && b.Progress.Unfinished == 0, "the let-finish backfill's runs to end");
        Assert.Equal((BackfillState.Cancelled, new BackfillProgress(2, 0, 2, 0)), (after.State, after.Progress));
        Assert.Equal((BackfillState.Cancelled, new BackfillProgress(2, 0, 0, 2)), ((await _cluster.Store.GetBackfillAsync(cancelled.Id))!.State, (await _cluster.Store.GetBackfillAsync(cancelled.Id))!.Progress));
        Assert.Equal(4, (await _cluster.Store.ListRunsAsync(Dag)).Count);
        foreach (var follow in new[] { await cancelling, await finishing })
        {
            Assert.Equal(1, follow.ExitCode);
            Assert.Contains("was cancelled", follow.Out, StringComparison.Ordinal);
        }

        var audit = (await _cluster.Store.ListAuditAsync(0, 20)).Entries;
        Assert.Contains(audit, e => (e.Action, e.Actor, e.Detail) == ("backfill.cancel", CliUser, "running_runs=cancel cancelled_runs=2"));
        Assert.Contains(audit, e => (e.Action, e.Actor, e.Detail) == ("backfill.cancel", CliUser, "running_runs=finish cancelled_runs=0"));
        Assert.Equal(2, audit.Count(e => e.Action == "run.cancel" && e.Actor == CliUser));
    }

    [Fact]
    public async Task KilledEngine_ARestartedOneCarriesTheBackfillOnToTheEnd_NoIntervalRunsTwice()
    {
        var following = Cli.RunAsync(_cluster, "dags", "backfill", Dag, "--from", Date(0), "--to", Date(4), "--max-active-runs", "2");
        var backfill = await WaitForBackfillAsync(b => b.Progress.Runs == 2, "the backfill's first two runs");

        _engine.KillHard();
        await _cluster.StartStandaloneAsync();
        await OpenGateAsync();

        // The killed worker's job comes back when its invisibility timeout (30 s) passes; its two tries are reaped as zombies.
        var done = await WaitForBackfillAsync(b => b.Id == backfill.Id && b.State == BackfillState.Done, "the backfill to be done after the restart");
        Assert.Equal(5, done.Progress.Runs);
        Assert.Equal(0, done.Progress.Unfinished);
        var runs = await _cluster.Store.ListRunsAsync(Dag);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => new DateTimeOffset(_from.AddDays(i), TimeSpan.Zero)), runs.Select(r => r.LogicalDate).Order());
        Assert.Equal(runs.Select(r => r.RunId).Order(), (await _cluster.Store.ListBackfillRunsAsync(backfill.Id)).Select(r => r.RunId).Order());
        var followed = await following;
        Assert.Contains($"{done.Progress.Succeeded} of 5 runs succeeded", followed.Out, StringComparison.Ordinal);
    }

    private string Date(int days) => $"{_from.AddDays(days):yyyy-MM-dd}";

    private Task OpenGateAsync() =>
        _cluster.Store.SetVariableAsync(new StoredVariable(GatedBackfillDag.Gate, "open", false, "", DateTimeOffset.UtcNow, "test"));

    private async Task<BackfillRecord> WaitForBackfillAsync(Func<BackfillRecord, bool> done, string what) =>
        (await _cluster.WaitForAsync(() => _cluster.Store.ListBackfillsAsync(Dag), l => l.Any(done), Limit, what)).First(done);

    private Task WaitForRunningAsync(int count) =>
        _cluster.WaitForAsync(() => _cluster.Store.ListRunsAsync(Dag, DagRunState.Running), r => r.Count == count, Limit, $"{count} running runs");
}
