using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using Xunit;

namespace DataEngineer.Ui.Tests;

/// <summary>
/// The OpenAPI document the running host serves, its interactive reference, and the read endpoints an operator
/// inspects the installation with (pools, import errors, a DAG's tasks, XCom, version).
/// </summary>
public sealed partial class RestApiTests
{
    [Fact]
    public async Task OpenApi_EveryOperation_HasASummaryAResponseSchemaAProblemResponseAndASecurityRequirement()
    {
        using var anonymous = host.Client(null);
        using var document = JsonDocument.Parse(await anonymous.GetStringAsync("api/v1/openapi.json"));
        var root = document.RootElement;
        var schemes = root.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("X-Api-Key", schemes.GetProperty("ApiKey").GetProperty("name").GetString());
        Assert.Equal("header", schemes.GetProperty("ApiKey").GetProperty("in").GetString());
        Assert.Equal("bearer", schemes.GetProperty("Bearer").GetProperty("scheme").GetString());

        var problems = new List<string>();
        var count = 0;
        foreach (var path in root.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put" or "patch" or "delete"))
            {
                count++;
                var name = $"{operation.Name.ToUpperInvariant()} {path.Name}";
                var op = operation.Value;
                if (!op.TryGetProperty("summary", out var summary) || string.IsNullOrWhiteSpace(summary.GetString()))
                {
                    problems.Add($"{name}: no summary");
                }

                var responses = op.GetProperty("responses").EnumerateObject().ToList();
                var success = responses.Where(r => r.Name.StartsWith('2')).ToList();
                if (success.Count == 0 || success.Any(r => r.Name != "204" && !HasSchema(r.Value, "application/json")))
                {
                    problems.Add($"{name}: a success response without a JSON schema ({string.Join(", ", success.Select(r => r.Name))})");
                }

                if (!responses.Any(r => r.Name.StartsWith('4') && HasSchema(r.Value, "application/problem+json")))
                {
                    problems.Add($"{name}: no problem-details error response");
                }

                var security = op.TryGetProperty("security", out var s) ? s.EnumerateArray().SelectMany(r => r.EnumerateObject().Select(p => p.Name)).ToList() : [];
                if (!security.Contains("ApiKey") || !security.Contains("Bearer"))
                {
                    problems.Add($"{name}: security [{string.Join(", ", security)}]");
                }
            }
        }

        Assert.True(count >= 35, $"Only {count} operations in the document.");
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public async Task ApiReference_ServesTheInteractiveDocs_OverTheOpenApiDocument()
    {
        using var anonymous = host.Client(null);
        using var page = await anonymous.GetAsync("api/docs");
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        // Scalar resolves the document's address against the application's base path.
        Assert.True(html.Contains("\"url\":\"api/v1/openapi.json\"", StringComparison.Ordinal), html);
        Assert.Contains("<title>DataEngineer REST API</title>", html, StringComparison.Ordinal);
        Assert.Contains("\"telemetry\":false", html, StringComparison.Ordinal);
        foreach (var script in new[] { "api/docs/scalar.js", "api/docs/scalar.aspnetcore.js" })
        {
            using var asset = await anonymous.GetAsync(script);
            Assert.True(asset.StatusCode == HttpStatusCode.OK, $"{script}: {(int)asset.StatusCode}");
        }
    }

    [Fact]
    public async Task InspectionEndpoints_PoolsImportErrorsTasksAndVersion_AnswerTheViewer()
    {
        using var viewer = host.Client(HostUnderTest.ViewerKey);

        using var pools = await ReadAsync(await viewer.GetAsync("api/v1/pools"));
        Assert.Contains(pools.RootElement.EnumerateArray(), p => p.GetProperty("name").GetString() == "default_pool" && p.GetProperty("slots").GetInt32() > 0);

        using var errors = await ReadAsync(await viewer.GetAsync("api/v1/importErrors"));
        Assert.Equal(JsonValueKind.Array, errors.RootElement.ValueKind);

        using var tasks = await ReadAsync(await viewer.GetAsync($"api/v1/dags/{Flaky}/tasks"));
        Assert.Equal(["extract", "load"], tasks.RootElement.EnumerateArray().Select(t => t.GetProperty("task_id").GetString()));
        var load = tasks.RootElement[1];
        Assert.Equal(["extract"], load.GetProperty("upstream").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal("all_success", load.GetProperty("trigger_rule").GetString());
        Assert.Equal("default", load.GetProperty("queue").GetString());

        using var version = await ReadAsync(await viewer.GetAsync("api/v1/version"));
        Assert.Matches(@"^\d+\.\d+\.\d+", version.RootElement.GetProperty("version").GetString());

        await AssertProblemAsync(await viewer.GetAsync("api/v1/dags/no_such_dag/tasks"), HttpStatusCode.NotFound, "No DAG 'no_such_dag' is loaded");
        using var stranger = host.Client(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.GetAsync("api/v1/pools")).StatusCode);
    }

    [Fact]
    public async Task XCom_OfAFinishedTask_IsItsReturnValue_AndAMissingOneIsA404NamingTheKey()
    {
        await host.Store.SetPausedAsync(Flaky, false);
        using var api = host.Client(HostUnderTest.OperatorKey);
        using var created = await ReadAsync(await api.PostAsJsonAsync($"api/v1/dags/{Flaky}/dagRuns", new { conf = new { batches = 3 } }), HttpStatusCode.Created);
        var key = new RunKey(Flaky, created.RootElement.GetProperty("run_id").GetString()!);
        await host.WaitForRunAsync(key, s => s.Run.State == DagRunState.Failed, $"run {key.RunId} to fail at load");
        using var viewer = host.Client(HostUnderTest.ViewerKey);
        var taskPath = $"api/v1/dags/{Flaky}/dagRuns/{key.RunId}/taskInstances";

        using var xcom = await ReadAsync(await viewer.GetAsync($"{taskPath}/extract/xcomEntries/return_value"));

        Assert.Equal(30, xcom.RootElement.GetProperty("value").GetInt32());
        Assert.Equal("extract", xcom.RootElement.GetProperty("task_id").GetString());
        await AssertProblemAsync(await viewer.GetAsync($"{taskPath}/load/xcomEntries/return_value"), HttpStatusCode.NotFound, "has no XCom 'return_value'");
        await AssertProblemAsync(await viewer.GetAsync($"{taskPath}/nope/xcomEntries/return_value"), HttpStatusCode.NotFound, "has no task 'nope'");
        await AssertProblemAsync(await viewer.GetAsync($"api/v1/dags/{Flaky}/dagRuns/no_run/taskInstances/extract/xcomEntries/return_value"), HttpStatusCode.NotFound, "has no run 'no_run'");
    }

    private static bool HasSchema(JsonElement response, string mediaType) =>
        response.TryGetProperty("content", out var content) && content.TryGetProperty(mediaType, out var media) && media.TryGetProperty("schema", out _);
}
