using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Sdk;
using Xunit;

namespace DataEngineer.Ui.Tests;

/// <summary>The REST API's on-call reads (what is broken now, pool use in health) and the query, body and route defects it had.</summary>
[Collection(HostCollection.Name)]
public sealed class RestApiOnCallTests(HostUnderTest host)
{
    [Fact]
    public async Task ListDags_LastRunStateInSnakeCase_FiltersByTheNewestRunsState()
    {
        var tag = $"last_state_{Guid.NewGuid():N}";
        foreach (var (dagId, state) in new[] { ($"{tag}_failed", DagRunState.Failed), ($"{tag}_ok", DagRunState.Success) })
        {
            await host.Store.SyncDagAsync(new DagRecord { DagId = dagId, Version = "v1", Tags = [tag], LastSeenAt = DateTimeOffset.UtcNow }, pausedAtCreation: true);
            var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
            await host.Store.CreateRunAsync(
                new DagRun { DagId = dagId, RunId = "manual__1", Type = DagRunType.Manual, DataInterval = new DataInterval(start, start), State = state, DagVersion = "v1", CreatedAt = start },
                []);
        }

        using var api = host.Client(HostUnderTest.ViewerKey);

        Assert.Equal([$"{tag}_failed", $"{tag}_ok"], await DagIdsAsync(api, $"api/v1/dags?tag={tag}"));
        Assert.Equal([$"{tag}_failed"], await DagIdsAsync(api, $"api/v1/dags?tag={tag}&last_run_state=failed"));
        Assert.Equal([$"{tag}_ok"], await DagIdsAsync(api, $"api/v1/dags?tag={tag}&last_run_state=success"));
        Assert.Empty(await DagIdsAsync(api, $"api/v1/dags?tag={tag}&last_run_state=running"));
    }

    [Theory]
    [InlineData("last_run_state=broken")]
    [InlineData("last_run_state=SUCCESS")]
    [InlineData("last_run_state=")]
    public async Task ListDags_BadLastRunState_Is400NamingTheAllowedValues(string query)
    {
        using var api = host.Client(HostUnderTest.ViewerKey);

        using var response = await api.GetAsync($"api/v1/dags?{query}");

        var detail = await ProblemDetailAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("last_run_state", detail, StringComparison.Ordinal);
        Assert.Contains("queued, running, success, failed", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trigger_BodyWithInvalidUtf8_Is400ProblemSayingSo()
    {
        using var api = host.Client(HostUnderTest.OperatorKey);
        var before = (await host.Store.ListRunsAsync("ui_flaky", null, 10_000)).Count;
        byte[] body = [.. "{\"conf\": {\"region\": \""u8, 0xC3, 0x28, 0xFF, .. "\"}}"u8];
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await api.PostAsync("api/v1/dags/ui_flaky/dagRuns", content);

        var detail = await ProblemDetailAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("UTF-8", detail, StringComparison.Ordinal);
        Assert.Equal(before, (await host.Store.ListRunsAsync("ui_flaky", null, 10_000)).Count);
    }

    [Theory]
    [InlineData("api/v2/dags")]
    [InlineData("api")]
    [InlineData("api/v1")]
    [InlineData("api/v1/dags/ui_flaky/nothing/here")]
    public async Task UnknownApiRoute_IsProblemDetails404PointingAtTheOpenApiDocument(string path)
    {
        using var api = host.Client(HostUnderTest.ViewerKey);

        using var response = await api.GetAsync(path);

        var detail = await ProblemDetailAsync(response, HttpStatusCode.NotFound);
        Assert.Contains("/api/v1/openapi.json", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownUiRoute_IsThe404PageOfTheApp()
    {
        using var stranger = new HttpClient { BaseAddress = host.BaseUrl };

        using var response = await stranger.GetAsync("no/such/page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"not-found\"", html, StringComparison.Ordinal);
        Assert.Contains("There is no page at this address", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Broken_ListsAFailedRunAndABreachedDataset_AndHealthShowsPools()
    {
        var dagId = $"broken_api_{Guid.NewGuid():N}"[..24];
        var start = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var now = DateTimeOffset.UtcNow;
        var run = new DagRun
        {
            DagId = dagId, RunId = "manual__broken", Type = DagRunType.Manual, DataInterval = new DataInterval(start, start), State = DagRunState.Failed,
            DagVersion = "v1", CreatedAt = now.AddMinutes(-5), StartedAt = now.AddMinutes(-5), EndedAt = now.AddMinutes(-4),
        };
        await host.Store.CreateRunAsync(run, [new TaskInstance { DagId = dagId, RunId = run.RunId, TaskId = "load", State = TaskInstanceState.Failed, TryNumber = 1, MaxTries = 1, Queue = "default", Pool = "default_pool" }]);
        var dataset = $"broken_api.orders_{Guid.NewGuid():N}";
        await host.Store.RecordTryObservationsAsync(new TryObservations
        {
            Writes = [new DatasetWrite { Dataset = dataset, DagId = dagId, RunId = run.RunId, TaskId = "load", TryNumber = 1, At = now.AddHours(-3), LogicalDate = start, RowCount = 1, RowsWritten = 1, FreshnessSla = TimeSpan.FromHours(1) }],
        });
        using var api = host.Client(HostUnderTest.ViewerKey);

        using var broken = JsonDocument.Parse(await api.GetStringAsync("api/v1/broken"));

        var failed = Assert.Single(broken.RootElement.GetProperty("failed_runs").EnumerateArray(), r => r.GetProperty("dag_id").GetString() == dagId);
        Assert.Equal(("manual__broken", "failed"), (failed.GetProperty("run_id").GetString(), failed.GetProperty("state").GetString()));
        var breached = Assert.Single(broken.RootElement.GetProperty("breached_datasets").EnumerateArray(), d => d.GetProperty("name").GetString() == dataset);
        Assert.Equal("breached", breached.GetProperty("sla_state").GetString());
        Assert.True(broken.RootElement.GetProperty("count").GetInt32() >= 2);

        using var health = JsonDocument.Parse(await api.GetStringAsync("api/v1/health"));
        var pool = Assert.Single(health.RootElement.GetProperty("pools").EnumerateArray(), p => p.GetProperty("name").GetString() == Pool.DefaultName);
        Assert.Equal(Pool.DefaultSlots, pool.GetProperty("slots").GetInt32());
        Assert.Equal(pool.GetProperty("slots").GetInt32() - pool.GetProperty("queued").GetInt32() - pool.GetProperty("running").GetInt32(), pool.GetProperty("free").GetInt32());

        using var anonymous = host.Client(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("api/v1/broken")).StatusCode);
    }

    private static async Task<List<string>> DagIdsAsync(HttpClient api, string path)
    {
        using var page = JsonDocument.Parse(await api.GetStringAsync(path));
        return page.RootElement.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("dag_id").GetString()!).ToList();
    }

    private static async Task<string> ProblemDetailAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        using var problem = JsonDocument.Parse(body);
        return problem.RootElement.GetProperty("detail").GetString()!;
    }
}
