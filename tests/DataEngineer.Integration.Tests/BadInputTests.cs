using DataEngineer.Core.States;
using Xunit;

namespace DataEngineer.Integration.Tests;

/// <summary>Bad requests against a real metadata database: a clear error, exit code 2, and nothing changed.</summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private EngineCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await EngineCluster.CreateAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Theory]
    [InlineData(new[] { "dags", "trigger", "it_nope" }, "No DAG 'it_nope'. Known DAGs:")]
    [InlineData(new[] { "dags", "trigger", "it_backfill", "--conf", "{not json" }, "--conf: The run conf is not valid JSON")]
    [InlineData(new[] { "dags", "trigger", "orders_etl", "--conf", "{\"maxRejectedPercent\": -1}" }, "MaxRejectedPercent must be between 0 and 100")]
    [InlineData(new[] { "dags", "backfill", "it_backfill", "--from", "2024-03-10", "--to", "2024-03-01" }, "is after --to")]
    [InlineData(new[] { "dags", "backfill", "it_backfill", "--from", "2020-01-01", "--to", "2099-01-01" }, "is beyond DAG 'it_backfill''s end date")]
    [InlineData(new[] { "tasks", "clear", "it_backfill", "--run", "manual__1999-01-01T00:00:00Z" }, "DAG 'it_backfill' has no run 'manual__1999-01-01T00:00:00Z'")]
    [InlineData(new[] { "worker", "--queues", "Heavy Stuff" }, "--queues 'Heavy Stuff': give comma-separated queue names")]
    [InlineData(new[] { "worker", "--concurrency", "0" }, "--concurrency 0: give a number between 1 and 1000")]
    [InlineData(new[] { "webserver", "--port", "70000" }, "--port 70000: give a number between 1 and 65535")]
    [InlineData(new[] { "runs", "list", "it_backfill", "--state", "exploded" }, "exploded")]
    [InlineData(new[] { "runs", "list", "it_backfill", "--limit", "0" }, "--limit 0: give a number between 1 and 10000")]
    [InlineData(new[] { "dags", "backfill", "it_backfill", "--from", "2024-03-01", "--to", "2024-03-02", "--reprocess", "everything" }, "everything")]
    [InlineData(new[] { "dags", "backfill", "it_backfill", "--from", "last week", "--to", "2024-03-02" }, "--from 'last week' is not a date")]
    [InlineData(new[] { "tasks", "logs", "manual__1999-01-01T00:00:00Z", "extract" }, "No run 'manual__1999-01-01T00:00:00Z'")]
    [InlineData(new[] { "runs", "cancel", "it_backfill", "manual__1999-01-01T00:00:00Z" }, "DAG 'it_backfill' has no run 'manual__1999-01-01T00:00:00Z'")]
    [InlineData(new[] { "runs", "clear", "it_backfill", "manual__1999-01-01T00:00:00Z", "--task", "nope" }, "DAG 'it_backfill' has no task 'nope'. Its tasks:")]
    [InlineData(new[] { "runs", "mark", "it_backfill", "manual__1999-01-01T00:00:00Z", "--state", "running" }, "running")]
    [InlineData(new[] { "runs", "mark", "it_nope", "manual__1999-01-01T00:00:00Z", "--state", "failed" }, "DAG 'it_nope' has no run 'manual__1999-01-01T00:00:00Z'")]
    [InlineData(new[] { "backfill", "pause", "999" }, "No backfill 999. List the backfills to find its id.")]
    [InlineData(new[] { "backfill", "resume", "999" }, "No backfill 999.")]
    [InlineData(new[] { "backfill", "cancel", "abc" }, "The backfill id 'abc' is not a backfill id: ids are whole numbers such as 12.")]
    [InlineData(new[] { "backfill", "cancel", "1", "--running-runs", "later" }, "--running-runs 'later' is not one of finish (running runs go on to their end) or cancel")]
    [InlineData(new[] { "backfill", "list", "--limit", "0" }, "--limit 0: give a number between 1 and 10000")]
    public async Task BadRequest_ExitsTwoWithAClearMessage_AndCreatesNoRun(string[] args, string expected)
    {
        var result = await Cli.RunAsync(_cluster, args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        foreach (var dag in new[] { "it_backfill", "orders_etl" })
        {
            Assert.Empty(await _cluster.Store.ListRunsAsync(dag));
        }
    }

    [Theory]
    [InlineData("DataEngineer__ZombieTimeoutSeconds", "soon", "DataEngineer:ZombieTimeoutSeconds is 'soon'; set a whole number of at least 5.")]
    [InlineData("DataEngineer__DagsArePausedAtCreation", "maybe", "DataEngineer:DagsArePausedAtCreation is 'maybe'; set true or false.")]
    [InlineData("DataEngineer__Pools__warehouse", "-3", "DataEngineer:Pools:warehouse is '-3'; set a whole number of at least 0.")]
    public async Task BadSetting_SchedulerRefusesToStart_NamingTheKey(string key, string value, string expected)
    {
        var result = await Cli.RunAsync(_cluster, new Dictionary<string, string> { [key] = value }, "scheduler");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TriggerOfAPausedDag_IsRefused_AndUnpausingLetsItThrough()
    {
        Assert.Equal(0, (await Cli.RunAsync(_cluster, "dags", "pause", "it_backfill")).ExitCode);

        var refused = await Cli.RunAsync(_cluster, "dags", "trigger", "it_backfill", "--date", "2024-01-01");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("DAG 'it_backfill' is paused", refused.Error, StringComparison.Ordinal);
        Assert.Empty(await _cluster.Store.ListRunsAsync("it_backfill"));

        Assert.Equal(0, (await Cli.RunAsync(_cluster, "dags", "unpause", "it_backfill")).ExitCode);
        var accepted = await Cli.RunAsync(_cluster, "dags", "trigger", "it_backfill", "--date", "2024-01-01");
        Assert.Equal(0, accepted.ExitCode);
        Assert.Equal("manual__2024-01-01T00:00:00Z", Assert.Single(await _cluster.Store.ListRunsAsync("it_backfill")).RunId);
        var cli = $"cli:{Environment.UserName}";
        Assert.Equal([("run.trigger", cli, "it_backfill/manual__2024-01-01T00:00:00Z"), ("dag.unpause", cli, "it_backfill"), ("dag.pause", cli, "it_backfill")],
            (await _cluster.Store.ListAuditAsync(0, 10)).Entries.Select(e => (e.Action, e.Actor, e.Target)));
    }

    [Fact]
    public async Task RunsCancel_DryRunListsTheTasks_ThenCancelsAndAuditsAsTheCliUser()
    {
        var trigger = await Cli.RunAsync(_cluster, "dags", "trigger", "it_backfill", "--date", "2024-03-01");
        Assert.True(trigger.ExitCode == 0, trigger.Error);
        var run = Assert.Single(await _cluster.Store.ListRunsAsync("it_backfill"));

        var preview = await Cli.RunAsync(_cluster, "runs", "cancel", "it_backfill", run.RunId, "--dry-run");
        Assert.True(preview.ExitCode == 0, preview.Error);
        Assert.Contains("Dry run: these", preview.Out, StringComparison.Ordinal);
        Assert.Contains("extract: none -> skipped", preview.Out, StringComparison.Ordinal);
        Assert.Equal(DagRunState.Queued, (await _cluster.Store.GetRunAsync(run.Key))!.Run.State);

        var cancel = await Cli.RunAsync(_cluster, "runs", "cancel", "it_backfill", run.RunId);
        Assert.True(cancel.ExitCode == 0, cancel.Error);
        Assert.Contains("the run is failed", cancel.Out, StringComparison.Ordinal);
        Assert.Equal(DagRunState.Failed, (await _cluster.Store.GetRunAsync(run.Key))!.Run.State);
        var cli = $"cli:{Environment.UserName}";
        Assert.Equal([("run.cancel", cli, run.Key.ToString()), ("run.trigger", cli, run.Key.ToString())],
            (await _cluster.Store.ListAuditAsync(0, 10)).Entries.Select(e => (e.Action, e.Actor, e.Target)));

        var again = await Cli.RunAsync(_cluster, "runs", "cancel", "it_backfill", run.RunId);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("has already ended (failed); there is nothing to cancel", again.Error, StringComparison.Ordinal);
    }
}
