using System.Net;
using System.Text;
using System.Text.Json;
using Xunit;

namespace DataEngineer.Ui.Tests;

/// <summary>
/// The bad-input sweep against the REST API of a real host: each hostile request gets its status and problem
/// details saying which field or parameter is wrong and what to give; no run is created, no stack trace is shown,
/// and the host logs no unhandled exception.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class RestApiBadInputTests(HostUnderTest host)
{
    private const string Runs = "api/v1/dags/ui_flaky/dagRuns";

    public static TheoryData<string, string, string?, HttpStatusCode, string> HostileRequests => new()
    {
        { "POST", Runs, "{not json", HttpStatusCode.BadRequest, "The request body is not what this endpoint takes: 'n' is an invalid start of a property name" },
        { "POST", Runs, "[]", HttpStatusCode.BadRequest, "The request body is not what this endpoint takes: give a JSON object." },
        { "POST", Runs, """{"logical_date": "yesterday"}""", HttpStatusCode.BadRequest, "at $.logical_date: give an ISO 8601 date or instant such as 2024-01-01T00:00:00Z." },
        { "POST", Runs, """{"logical_date": "0001-01-01T00:00:00Z"}""", HttpStatusCode.BadRequest, "The logical date 0001-01-01T00:00:00Z is outside the supported range 1900-01-01 to 9000-01-01; give a date within it." },
        { "POST", Runs, """{"conf": {"region": "e\u0000u"}}""", HttpStatusCode.BadRequest, "The run conf holds a NUL character (\\u0000) at $.region, which the metadata database cannot store." },
        { "POST", Runs, """{"conf": {"batches": 1e999}}""", HttpStatusCode.BadRequest, "The run conf does not fit UiFlakyParams at $.batches" },
        { "POST", Runs, """{"conf": "batches=3"}""", HttpStatusCode.BadRequest, "The run conf must be a JSON object, not string." },
        { "POST", Runs, null, HttpStatusCode.UnsupportedMediaType, "Send the body as JSON with Content-Type: application/json." },
        { "PATCH", "api/v1/dags/ui_flaky", """{"is_paused": "yes"}""", HttpStatusCode.BadRequest, "at $.is_paused: give true or false." },
        { "PATCH", "api/v1/dags/ui_flaky", "", HttpStatusCode.BadRequest, "The request needs a JSON body." },
        { "POST", $"{Runs}/nope/clear", """{"task_ids": "extract"}""", HttpStatusCode.BadRequest, "at $.task_ids: give an array." },
        { "POST", "api/v1/dags/ui_flaky/backfills", """{"from": "2024-01-01", "to": "9999-12-31"}""", HttpStatusCode.BadRequest, "--to 9999-12-31T00:00:00Z is outside the supported range 1900-01-01 to 9000-01-01" },
        { "POST", "api/v1/dags/ui_flaky/backfills", """{"from": "last week", "to": "2024-01-02"}""", HttpStatusCode.BadRequest, "at $.from: give an ISO 8601 date or instant" },
        { "GET", "api/v1/dags?limit=-1", null, HttpStatusCode.BadRequest, "limit -1 is below 1; give a number from 1 to 500." },
        { "GET", "api/v1/dags?offset=-10", null, HttpStatusCode.BadRequest, "offset -10 is negative; give 0 or more." },
        { "GET", "api/v1/dags?limit=abc", null, HttpStatusCode.BadRequest, "The parameter limit is 'abc'; give a whole number from 0 to 2147483647." },
        { "GET", "api/v1/dags?offset=99999999999999", null, HttpStatusCode.BadRequest, "The parameter offset is '99999999999999'; give a whole number" },
        { "GET", "api/v1/alerts?limit=0", null, HttpStatusCode.BadRequest, "limit 0 is below 1" },
        { "GET", "api/v1/dags/..%2F..%2Fetc%2Fpasswd", null, HttpStatusCode.NotFound, "No DAG '..%2F..%2Fetc%2Fpasswd'." },
        { "GET", "api/v1/datasets/..%2F..%2Fetc%2Fpasswd", null, HttpStatusCode.NotFound, "No dataset '..%2F..%2Fetc%2Fpasswd' has been recorded." },
        { "GET", $"{Runs}/x'%20OR%20'1'='1", null, HttpStatusCode.NotFound, "DAG 'ui_flaky' has no run 'x' OR '1'='1'." },
        { "GET", $"{Runs}/nope/taskInstances/extract/logs/0", null, HttpStatusCode.BadRequest, "try_number 0 is below 1; tries are numbered from 1." },
        { "GET", $"{Runs}/nope/taskInstances/extract/logs/1", null, HttpStatusCode.NotFound, "DAG 'ui_flaky' has no run 'nope'." },
        { "GET", $"{Runs}/nope/taskInstances/extract/logs/1?offset=abc", null, HttpStatusCode.BadRequest, "The parameter offset is 'abc'; give a whole number" },
        { "GET", $"{Runs}/nope/taskInstances/extract/logs/1?offset=-5", null, HttpStatusCode.BadRequest, "offset -5 is negative; give 0 or more (the next_offset of the previous read)." },
        { "GET", "api/v1/frobnicate", null, HttpStatusCode.NotFound, "No endpoint at /api/v1/frobnicate. The OpenAPI document at /api/v1/openapi.json lists them." },
        { "PUT", "api/v1/dags/ui_flaky", null, HttpStatusCode.MethodNotAllowed, "/api/v1/dags/ui_flaky does not take PUT." },
    };

    [Theory]
    [MemberData(nameof(HostileRequests))]
    public async Task HostileRequest_GetsItsStatusAndAProblemSayingWhatToFix_AndCreatesNothing(string method, string path, string? json, HttpStatusCode status, string detail)
    {
        await host.Store.SetPausedAsync("ui_flaky", false);
        var before = (await host.Store.ListRunsAsync("ui_flaky", null, 10_000)).Count;
        using var api = host.Client(HostUnderTest.OperatorKey);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        else if (method != "GET" && method != "DELETE")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "text/plain");
        }

        using var response = await api.SendAsync(request);

        await AssertProblemAsync(response, status, detail);
        Assert.Equal(before, (await host.Store.ListRunsAsync("ui_flaky", null, 10_000)).Count);
        Assert.DoesNotContain("An unhandled exception has occurred", host.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfOfTwoMegabytes_IsRefusedNamingTheLimit_AndABodyOverThirtyMegabytesIs413()
    {
        await host.Store.SetPausedAsync("ui_flaky", false);
        using var api = host.Client(HostUnderTest.OperatorKey);

        using var big = await api.PostAsync(Runs, Json($"{{\"conf\": {{\"region\": \"{new string('x', 2 << 20)}\"}}}}"));
        await AssertProblemAsync(big, HttpStatusCode.BadRequest, "bytes; the limit is 1,048,576 bytes (1 MiB). Put large inputs in a table or a file");

        // Expect: 100-continue lets the server refuse by Content-Length before the 32 MB are sent.
        using var tooLarge = new HttpRequestMessage(HttpMethod.Post, Runs) { Content = Json($"{{\"conf\": {{\"region\": \"{new string('x', 31 << 20)}\"}}}}") };
        tooLarge.Headers.ExpectContinue = true;
        using var huge = await api.SendAsync(tooLarge);
        await AssertProblemAsync(huge, HttpStatusCode.RequestEntityTooLarge, "The request body is larger than the server accepts.");
    }

    [Fact]
    public async Task LimitAboveTheMaximum_IsLoweredToFiveHundred()
    {
        using var api = host.Client(HostUnderTest.ViewerKey);

        using var page = JsonDocument.Parse(await api.GetStringAsync("api/v1/dags?limit=100000"));

        Assert.Equal(500, page.RootElement.GetProperty("limit").GetInt32());
    }

    [Theory]
    [InlineData(null, "Give an API key as X-Api-Key: <key> or Authorization: Bearer <key>")]
    [InlineData("forged-key-that-is-long-enough-0123", "Give an API key as X-Api-Key: <key> or Authorization: Bearer <key>")]
    public async Task MissingOrWrongKey_Is401SayingHowToAuthenticate(string? key, string detail)
    {
        using var api = host.Client(key);

        using var response = await api.PostAsync(Runs, Json("{}"));

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, detail);
    }

    [Fact]
    public async Task LoginFormWithoutAntiforgeryToken_IsRefusedSayingWhy_AndSetsNoCookie()
    {
        using var browser = host.Client(null);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.UserName"] = "ada", ["Input.Password"] = HostUnderTest.Password });

        using var response = await browser.PostAsync("account/login", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("The form was refused: its antiforgery token is missing or out of date. Reload the page and submit the form again.", await response.Content.ReadAsStringAsync());
        Assert.False(response.Headers.Contains("Set-Cookie") && response.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("dataengineer.auth", StringComparison.Ordinal)));
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string detail)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal((int)status, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Contains(detail, problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
    }
}
