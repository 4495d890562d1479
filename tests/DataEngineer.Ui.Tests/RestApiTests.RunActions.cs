using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using Xunit;

namespace DataEngineer.Ui.Tests;

/// <summary>The on-call actions on a run through REST, against the real host (scheduler, worker, PostgreSQL).</summary>
public sealed partial class RestApiTests
{
    private const string Flaky = "ui_flaky";

    [Fact]
    public async Task ThreeTriggersAtOnce_AreThreeRuns_MarkSettlesAFailedRun_ClearFailedRestartsOne_MarkRunFinishesOne()
    {
        await host.Store.SetPausedAsync(Flaky, false);
        using var api = host.Client(HostUnderTest.OperatorKey);
        var responses = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => api.PostAsJsonAsync($"api/v1/dags/{Flaky}/dagRuns", new { conf = new { batches = 1 } })));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var keys = new List<RunKey>();
        foreach (var response in responses)
        {
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            keys.Add(new RunKey(Flaky, body.RootElement.GetProperty("run_id").GetString()!));
        }

        Assert.Equal(3, keys.Distinct().Count());
        Assert.All(keys, k => Assert.StartsWith("manual__", k.RunId, StringComparison.Ordinal));
        foreach (var key in keys)
        {
            await host.WaitForRunAsync(key, s => s.Run.State == DagRunState.Failed, $"run {key.RunId} to fail");
        }

        // Mark the failed task of a finished run: the run takes the state its tasks give, in the same request.
        var marked = await api.PatchAsJsonAsync(RunPath(keys[0]) + "/taskInstances/load", new { state = "success" });
        Assert.Equal(HttpStatusCode.OK, marked.StatusCode);
        Assert.Equal(DagRunState.Success, (await host.Store.GetRunAsync(keys[0]))!.Run.State);

        // Restart from failure: the dry run lists the failed task and changes nothing; the real clear runs it again.
        using (var preview = await ReadAsync(await api.PostAsJsonAsync(RunPath(keys[1]) + "/clear", new { only_failed = true, dry_run = true })))
        {
            Assert.True(preview.RootElement.GetProperty("dry_run").GetBoolean());
            var change = Assert.Single(preview.RootElement.GetProperty("task_instances").EnumerateArray());
            Assert.Equal(("load", "failed", "none"), (change.GetProperty("task_id").GetString(), change.GetProperty("state").GetString(), change.GetProperty("new_state").GetString()));
        }

        Assert.Equal(DagRunState.Failed, (await host.Store.GetRunAsync(keys[1]))!.Run.State);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync(RunPath(keys[1]) + "/clear", new { only_failed = true })).StatusCode);
        var rerun = await host.WaitForRunAsync(keys[1], s => s.Run.State == DagRunState.Success, "the cleared run to succeed");
        Assert.Equal(2, rerun.Tasks["load"].TryNumber);
        Assert.Equal(1, rerun.Tasks["extract"].TryNumber);

        // Mark the whole run success.
        using (var run = await ReadAsync(await api.PatchAsJsonAsync(RunPath(keys[2]), new { state = "success" })))
        {
            Assert.Equal("success", run.RootElement.GetProperty("state").GetString());
            Assert.Equal("load", Assert.Single(run.RootElement.GetProperty("task_instances").EnumerateArray()).GetProperty("task_id").GetString());
        }

        var audit = (await host.Store.ListAuditAsync(0, 50)).Entries.Where(e => keys.Any(k => e.Target.StartsWith(k.ToString(), StringComparison.Ordinal))).Select(e => e.Action).ToList();
        Assert.Equal(["run.mark", "task.clear", "task.mark", "run.trigger", "run.trigger", "run.trigger"], audit);
    }

    [Fact]
    public async Task RunActions_GarbageInput_GetProblemDetailsSayingWhatToFix()
    {
        await host.Store.SetPausedAsync(Flaky, false);
        using var api = host.Client(HostUnderTest.OperatorKey);
        var created = await api.PostAsJsonAsync($"api/v1/dags/{Flaky}/dagRuns", new { conf = new { batches = 1 } });
        using var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var key = new RunKey(Flaky, body.RootElement.GetProperty("run_id").GetString()!);
        await host.WaitForRunAsync(key, s => s.Run.State == DagRunState.Failed, "the run to fail");
        var auditBefore = (await host.Store.ListAuditAsync(0, 1)).Total;

        await AssertProblemAsync(await api.PostAsJsonAsync($"api/v1/dags/{Flaky}/dagRuns/nope/cancel", new { }), HttpStatusCode.NotFound, "has no run 'nope'");
        await AssertProblemAsync(await api.PatchAsJsonAsync($"api/v1/dags/{Flaky}/dagRuns/nope", new { state = "failed" }), HttpStatusCode.NotFound, "has no run 'nope'");
        await AssertProblemAsync(await api.PostAsJsonAsync($"api/v1/dags/{Flaky}/dagRuns/nope/clear", new { only_failed = true }), HttpStatusCode.NotFound, "has no run 'nope'");
        await AssertProblemAsync(await api.PatchAsJsonAsync(RunPath(key) + "/taskInstances/nope", new { state = "failed" }), HttpStatusCode.NotFound, "has no task 'nope'");
        await AssertProblemAsync(await api.PostAsJsonAsync(RunPath(key) + "/clear", new { task_ids = new[] { "nope" } }), HttpStatusCode.BadRequest, "has no task 'nope'. Its tasks: extract, load");
        await AssertProblemAsync(await api.PatchAsJsonAsync(RunPath(key), new { state = "running" }), HttpStatusCode.BadRequest, "give success or failed");
        await AssertProblemAsync(await api.PatchAsJsonAsync(RunPath(key), new { state = 7 }), HttpStatusCode.BadRequest, "$.state");
        await AssertProblemAsync(await api.PostAsJsonAsync(RunPath(key) + "/cancel", new { dry_run = "yes" }), HttpStatusCode.BadRequest, "$.dry_run");
        await AssertProblemAsync(await api.PostAsJsonAsync(RunPath(key) + "/cancel", new { }), HttpStatusCode.Conflict, "has already ended (failed); there is nothing to cancel");
        using var viewer = host.Client(HostUnderTest.ViewerKey);
        await AssertProblemAsync(await viewer.PostAsJsonAsync(RunPath(key) + "/clear", new { dry_run = true }), HttpStatusCode.Forbidden, "operator");

        Assert.Equal(auditBefore, (await host.Store.ListAuditAsync(0, 1)).Total);
        Assert.Equal(DagRunState.Failed, (await host.Store.GetRunAsync(key))!.Run.State);
    }

    [Fact]
    public async Task MarkingARunningTask_Is409AndNotAudited_CancelStopsTheTry_NothingLeftRunning()
    {
        await host.Store.SetPausedAsync(FolderDag.DagId, false);
        await File.WriteAllTextAsync(host.HoldFile, "hold");
        try
        {
            using var api = host.Client(HostUnderTest.OperatorKey);
            using var created = await ReadAsync(await api.PostAsJsonAsync($"api/v1/dags/{FolderDag.DagId}/dagRuns", new { conf = new { } }), HttpStatusCode.Created);
            var key = new RunKey(FolderDag.DagId, created.RootElement.GetProperty("run_id").GetString()!);
            await host.WaitForRunAsync(key, s => s.Tasks["linger"].State == TaskInstanceState.Running, "linger to start");
            var auditBefore = (await host.Store.ListAuditAsync(0, 1)).Total;

            await AssertProblemAsync(await api.PatchAsJsonAsync(RunPath(key) + "/taskInstances/linger", new { state = "success" }), HttpStatusCode.Conflict, "is running");
            Assert.Equal(auditBefore, (await host.Store.ListAuditAsync(0, 1)).Total);

            using (var cancelled = await ReadAsync(await api.PostAsJsonAsync(RunPath(key) + "/cancel", new { })))
            {
                Assert.Equal("failed", cancelled.RootElement.GetProperty("state").GetString());
            }

            // The worker learns at its next heartbeat; its try is cancelled and its late report refused.
            await host.WaitForAsync(async () => !(await host.Store.ListTaskInstancesAsync([TaskInstanceState.Running])).Any(t => t.Run == key), TimeSpan.FromSeconds(60), "nothing of the run left running");
            await host.WaitForAsync(() => Task.FromResult(host.Output.Contains($"{key}/linger#1 no longer owns its task", StringComparison.Ordinal)), TimeSpan.FromSeconds(60), "the worker to cancel the try");
            var after = (await host.Store.GetRunAsync(key))!;
            Assert.Equal(DagRunState.Failed, after.Run.State);
            Assert.StartsWith("cancelled by ", after.Tasks["linger"].Error, StringComparison.Ordinal);
            Assert.Equal(TaskInstanceState.Failed, Assert.Single(await host.Store.ListTriesAsync(key, "linger")).State);
            Assert.Equal("run.cancel", (await host.Store.ListAuditAsync(0, 1)).Entries[0].Action);
        }
        finally
        {
            File.Delete(host.HoldFile);
        }
    }

    [Fact]
    public async Task BackfillDryRun_ListsTheIntervals_CreatesNothing_ViewerIsRefused()
    {
        const string dag = "it_backfill";
        using var api = host.Client(HostUnderTest.OperatorKey);
        var before = (await host.Store.ListRunsAsync(dag, null, 10_000)).Count;
        var from = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(-10), TimeSpan.Zero);
        var body = new { from = from.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), to = from.AddDays(2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), dry_run = true };

        using (var plan = await ReadAsync(await api.PostAsJsonAsync($"api/v1/dags/{dag}/backfills", body)))
        {
            Assert.True(plan.RootElement.GetProperty("dry_run").GetBoolean());
            Assert.Equal([from, from.AddDays(1), from.AddDays(2)], plan.RootElement.GetProperty("intervals").EnumerateArray().Select(i => i.GetProperty("start").GetDateTimeOffset()));
        }

        await AssertProblemAsync(await api.PostAsJsonAsync($"api/v1/dags/{dag}/backfills", new { from = body.to, to = body.from, dry_run = true }), HttpStatusCode.BadRequest, "give the earlier date first");
        using var viewer = host.Client(HostUnderTest.ViewerKey);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync($"api/v1/dags/{dag}/backfills", body)).StatusCode);
        Assert.Equal(before, (await host.Store.ListRunsAsync(dag, null, 10_000)).Count);
    }

    private static string RunPath(RunKey key) => $"api/v1/dags/{key.DagId}/dagRuns/{Uri.EscapeDataString(key.RunId)}";

    private static async Task<JsonDocument> ReadAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body);
    }
}
