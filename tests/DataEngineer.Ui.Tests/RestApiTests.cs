using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;

namespace DataEngineer.Ui.Tests;

/// <summary>The REST API against the real host: every mutating endpoint refuses strangers and viewers; errors are problem details.</summary>
[Collection(HostCollection.Name)]
public sealed partial class RestApiTests(HostUnderTest host)
{
    [Fact]
    public async Task EveryMutatingEndpoint_RefusesUnauthenticatedAndViewerCalls()
    {
        var mutating = await MutatingOperationsAsync();
        Assert.True(mutating.Count >= 5, $"The OpenAPI document lists only {mutating.Count} mutating operations: {string.Join(", ", mutating)}");
        var auditBefore = (await host.Store.ListAuditAsync(0, 1)).Total;

        foreach (var (method, template) in mutating)
        {
            var path = PathParameter().Replace(template, m => m.Groups[1].Value switch
            {
                "dagId" => "ui_flaky",
                "tryNumber" => "1",
                _ => "x",
            }).TrimStart('/');
            foreach (var (key, expected) in new[] { ((string?)null, HttpStatusCode.Unauthorized), (HostUnderTest.ViewerKey, HttpStatusCode.Forbidden), ("not-a-key-at-all-0123456789abc", HttpStatusCode.Unauthorized) })
            {
                using var client = host.Client(key);
                using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
                using var response = await client.SendAsync(request);
                Assert.True(expected == response.StatusCode, $"{method} {path} with {(key is null ? "no key" : key == HostUnderTest.ViewerKey ? "the viewer key" : "a wrong key")}: {(int)response.StatusCode}, expected {(int)expected}");
            }
        }

        // The one form endpoint outside the API: logging out needs the page's antiforgery token.
        using (var stranger = host.Client(null))
        {
            using var logout = await stranger.PostAsync("account/logout", new StringContent("", Encoding.UTF8, "application/x-www-form-urlencoded"));
            Assert.Equal(HttpStatusCode.BadRequest, logout.StatusCode);
        }

        Assert.Equal(auditBefore, (await host.Store.ListAuditAsync(0, 1)).Total);
    }

    [Fact]
    public async Task AuditLog_IsForAdminsOnly()
    {
        using var viewer = host.Client(HostUnderTest.OperatorKey);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("api/v1/auditLog")).StatusCode);
        using var admin = host.Client(HostUnderTest.AdminKey);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("api/v1/auditLog")).StatusCode);
    }

    [Fact]
    public async Task Errors_AreProblemDetails_NamingWhatIsWrong()
    {
        using var api = host.Client(HostUnderTest.OperatorKey);

        var badConf = await api.PostAsJsonAsync("api/v1/dags/ui_flaky/dagRuns", new { conf = new { batches = "many" } });
        await AssertProblemAsync(badConf, HttpStatusCode.BadRequest, "Batches");

        var outOfRange = await api.PostAsJsonAsync("api/v1/dags/ui_flaky/dagRuns", new { conf = new { batches = 99 } });
        await AssertProblemAsync(outOfRange, HttpStatusCode.BadRequest, "Batches");

        var unknownDag = await api.PostAsJsonAsync("api/v1/dags/no_such_dag/dagRuns", new { conf = new { } });
        await AssertProblemAsync(unknownDag, HttpStatusCode.NotFound, "no_such_dag");

        var unknownRun = await api.GetAsync("api/v1/dags/ui_flaky/dagRuns/nope");
        await AssertProblemAsync(unknownRun, HttpStatusCode.NotFound, "nope");

        var badState = await api.PatchAsJsonAsync("api/v1/dags/ui_flaky/dagRuns/nope/taskInstances/load", new { state = "running" });
        await AssertProblemAsync(badState, HttpStatusCode.BadRequest, "success or failed");

        using var garbage = new StringContent("{not json", Encoding.UTF8, "application/json");
        var malformed = await api.PostAsync("api/v1/dags/ui_flaky/dagRuns", garbage);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.DoesNotContain("   at ", await malformed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadEndpoints_ListDagsRunsAndHealth()
    {
        using var api = host.Client(HostUnderTest.ViewerKey);

        using var dags = JsonDocument.Parse(await api.GetStringAsync("api/v1/dags?search=flaky"));
        var dag = Assert.Single(dags.RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal("ui_flaky", dag.GetProperty("dag_id").GetString());
        Assert.Equal(["extract", "load"], dag.GetProperty("tasks").EnumerateArray().Select(t => t.GetString()));

        using var health = JsonDocument.Parse(await api.GetStringAsync("api/v1/health"));
        Assert.Contains(health.RootElement.GetProperty("processes").EnumerateArray(), p => p.GetProperty("roles").EnumerateArray().Any(r => r.GetString() == "worker"));

        using var anonymous = host.Client(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("api/v1/dags")).StatusCode);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string mentions)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal((int)status, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Contains(mentions, problem.RootElement.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    private async Task<List<(string Method, string Path)>> MutatingOperationsAsync()
    {
        using var anonymous = host.Client(null);
        using var document = JsonDocument.Parse(await anonymous.GetStringAsync("api/v1/openapi.json"));
        var operations = new List<(string, string)>();
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var method in path.Value.EnumerateObject().Where(m => m.Name is "post" or "put" or "patch" or "delete"))
            {
                operations.Add((method.Name.ToUpperInvariant(), path.Name));
            }
        }

        return operations;
    }

    [GeneratedRegex(@"\{(\w+)(:[^}]*)?\}")]
    private static partial Regex PathParameter();
}
