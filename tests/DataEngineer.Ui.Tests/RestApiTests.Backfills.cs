using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataEngineer.Core.States;
using Xunit;

namespace DataEngineer.Ui.Tests;

/// <summary>Backfills through REST against the real host: start, list, get, pause, resume, cancel, and clear 4xx errors for bad ids, states and choices.</summary>
public sealed partial class RestApiTests
{
    [Fact]
    public async Task Backfill_StartListGetPauseResumeCancel_EachAudited_BadIdsStatesAndChoicesAreClear4xx()
    {
        // it_backfill_gated's runs stay running until its gate variable is set, which this test never does.
        const string dag = "it_backfill_gated";
        using var api = host.Client(HostUnderTest.OperatorKey);
        var from = DateTime.UtcNow.Date.AddDays(-40);
        var body = new { from = $"{from:yyyy-MM-dd}", to = $"{from.AddDays(3):yyyy-MM-dd}", max_active_runs = 2 };

        var created = await api.PostAsJsonAsync($"api/v1/dags/{dag}/backfills", body);
        long id;
        using (var json = await ReadAsync(created, HttpStatusCode.Accepted))
        {
            id = json.RootElement.GetProperty("id").GetInt64();
            Assert.Equal(("running", 4, 2), (json.RootElement.GetProperty("state").GetString(), json.RootElement.GetProperty("intervals").GetInt32(), json.RootElement.GetProperty("max_active_runs").GetInt32()));
            Assert.Equal($"/api/v1/backfills/{id}", created.Headers.Location?.OriginalString);
        }

        await host.WaitForAsync(async () => (await host.Store.GetBackfillAsync(id))!.Progress.Runs == 2, TimeSpan.FromSeconds(60), "the backfill's first two runs");
        using (var list = await ReadAsync(await api.GetAsync($"api/v1/backfills?dag_id={dag}")))
        {
            var listed = list.RootElement.EnumerateArray().Single(b => b.GetProperty("id").GetInt64() == id);
            Assert.Equal((2, "api-key:ops"), (listed.GetProperty("runs").GetInt32(), listed.GetProperty("created_by").GetString()));
            Assert.Equal(JsonValueKind.Null, listed.GetProperty("dag_runs").ValueKind);
        }

        using (var paused = await ReadAsync(await api.PostAsync($"api/v1/backfills/{id}/pause", null)))
        {
            Assert.Equal("paused", paused.RootElement.GetProperty("state").GetString());
        }

        await AssertProblemAsync(await api.PostAsync($"api/v1/backfills/{id}/pause", null), HttpStatusCode.Conflict, "is already paused");
        using (var resumed = await ReadAsync(await api.PostAsync($"api/v1/backfills/{id}/resume", null)))
        {
            Assert.Equal("running", resumed.RootElement.GetProperty("state").GetString());
        }

        await AssertProblemAsync(await api.PostAsync($"api/v1/backfills/{id}/resume", null), HttpStatusCode.Conflict, "is already running");
        await AssertProblemAsync(await api.PostAsJsonAsync($"api/v1/backfills/{id}/cancel", new { running_runs = "later" }), HttpStatusCode.BadRequest,
            "running_runs 'later' is not one of finish (running runs go on to their end) or cancel");
        await AssertProblemAsync(await api.GetAsync("api/v1/backfills/abc"), HttpStatusCode.BadRequest, "The backfill id 'abc' is not a backfill id");
        await AssertProblemAsync(await api.GetAsync("api/v1/backfills/99999"), HttpStatusCode.NotFound, "No backfill 99999.");
        await AssertProblemAsync(await api.PostAsync("api/v1/backfills/99999/pause", null), HttpStatusCode.NotFound, "No backfill 99999.");
        using var viewer = host.Client(HostUnderTest.ViewerKey);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync($"api/v1/backfills/{id}/cancel", new { running_runs = "cancel" })).StatusCode);

        using (var cancelled = await ReadAsync(await api.PostAsJsonAsync($"api/v1/backfills/{id}/cancel", new { running_runs = "cancel" })))
        {
            Assert.Equal("cancelled", cancelled.RootElement.GetProperty("backfill").GetProperty("state").GetString());
            Assert.Equal(2, cancelled.RootElement.GetProperty("cancelled_runs").GetArrayLength());
        }

        await AssertProblemAsync(await api.PostAsJsonAsync($"api/v1/backfills/{id}/cancel", new { running_runs = "finish" }), HttpStatusCode.Conflict,
            "has already ended (cancelled); it cannot be cancelled");
        using (var detail = await ReadAsync(await api.GetAsync($"api/v1/backfills/{id}")))
        {
            var runs = detail.RootElement.GetProperty("dag_runs").EnumerateArray().ToList();
            Assert.Equal(2, runs.Count);
            Assert.All(runs, r => Assert.Equal("failed", r.GetProperty("state").GetString()));
        }

        Assert.All(await host.Store.ListBackfillRunsAsync(id), r => Assert.Equal(DagRunState.Failed, r.State));
        var audit = (await host.Store.ListAuditAsync(0, 200)).Entries.Where(e => e.Target == $"{dag}/backfills/{id}").Select(e => (e.Action, e.Actor)).ToList();
        Assert.Equal([("backfill.cancel", "api-key:ops"), ("backfill.resume", "api-key:ops"), ("backfill.pause", "api-key:ops"), ("backfill.create", "api-key:ops")], audit);
    }
}
