using System.Net;
using System.Text.RegularExpressions;
using DataEngineer.Core.Storage;
using Xunit;

namespace DataEngineer.Ui.Tests;

/// <summary>
/// The Datasets, dataset and Alerts pages as the real host renders them on the server for a logged-in viewer
/// (no browser: the cookie login form is posted like a browser without script would).
/// </summary>
[Collection(HostCollection.Name)]
public sealed partial class ServerRenderedPagesTests(HostUnderTest host)
{
    [Fact]
    public async Task Viewer_SeesDatasetsDatasetAndAlertsPages_StrangerIsSentToLogin()
    {
        var name = $"pages_test.orders_{Guid.NewGuid():N}";
        var at = DateTimeOffset.UtcNow.AddMinutes(-5);
        await host.Store.RecordTryObservationsAsync(new TryObservations
        {
            Writes =
            [
                new DatasetWrite
                {
                    Dataset = name, DagId = "ui_flaky", RunId = "pages_run", TaskId = "load", TryNumber = 1, At = at, LogicalDate = at,
                    RowCount = 4242, RowsWritten = 4242, FreshnessSla = TimeSpan.FromHours(1), Columns = [new("order_id", "bigint")],
                },
            ],
        });

        using var viewer = await LogInAsync("vic");
        var datasets = await viewer.GetStringAsync("datasets");
        Assert.Contains($"data-testid=\"dataset-{name}\"", datasets, StringComparison.Ordinal);
        Assert.Contains("4,242", datasets, StringComparison.Ordinal);

        var dataset = await viewer.GetStringAsync($"datasets/{Uri.EscapeDataString(name)}");
        Assert.Contains("data-testid=\"row-count-chart\"", dataset, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"schema-v1\"", dataset, StringComparison.Ordinal);

        var alerts = await viewer.GetStringAsync("alerts");
        Assert.Contains("data-testid=\"alert-table\"", alerts, StringComparison.Ordinal);

        using var stranger = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseUrl };
        using var refused = await stranger.GetAsync("datasets");
        Assert.True(refused.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found, $"expected a redirect to the login page, got {(int)refused.StatusCode}");
        Assert.Contains("account/login", refused.Headers.Location?.ToString(), StringComparison.Ordinal);
    }

    private async Task<HttpClient> LogInAsync(string user)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = host.BaseUrl };
        var form = await client.GetStringAsync("account/login");
        var token = AntiforgeryToken().Match(form);
        Assert.True(token.Success, "the login page has no antiforgery token");
        using var login = await client.PostAsync("account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
            ["Input.UserName"] = user,
            ["Input.Password"] = HostUnderTest.Password,
        }));
        var home = await login.Content.ReadAsStringAsync();
        Assert.True(login.IsSuccessStatusCode && !home.Contains("data-testid=\"login-submit\"", StringComparison.Ordinal), $"login as {user} failed: {(int)login.StatusCode}");
        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
