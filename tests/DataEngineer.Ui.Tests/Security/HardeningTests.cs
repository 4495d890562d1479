using System.Net;
using System.Text.Json;
using Xunit;

namespace DataEngineer.Ui.Tests.Security;

/// <summary>
/// Issue 15's deployment findings against a real host behind a (simulated) TLS proxy: each test failed before the
/// hardening. Requests reach the host from loopback, its trusted proxy, with the headers such a proxy sends.
/// </summary>
[Collection(HostCollection.Name)]
public sealed partial class HardeningTests(HardenedHost hardened, BrowserFixture browser) : IClassFixture<HardenedHost>
{
    private HostUnderTest Host => hardened.Host;

    private RawBrowser Browser(bool https = false) => new(Host.BaseUrl, HardenedHost.PublicHost, https);

    [Fact]
    public async Task ForeignHostHeader_IsRefused_AllowedAndLoopbackNamesAreServed()
    {
        using var evil = new RawBrowser(Host.BaseUrl, "evil.example");
        using var refused = await evil.GetAsync("account/login");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.DoesNotContain("evil.example", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var anonymous = await evil.GetAsync("dags/ui_flaky");
        Assert.Equal(HttpStatusCode.BadRequest, anonymous.StatusCode);
        Assert.Null(anonymous.Headers.Location);

        using var allowed = Browser();
        using var served = await allowed.GetAsync("account/login");
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        using var loopback = new RawBrowser(Host.BaseUrl, "127.0.0.1");
        using var local = await loopback.GetAsync("account/login");
        Assert.Equal(HttpStatusCode.OK, local.StatusCode);
    }

    [Fact]
    public async Task SecurityHeaders_AreOnEveryPage_HstsOnlyUnderHttps()
    {
        using var plain = Browser();
        using var page = await plain.GetAsync("account/login");
        Assert.Equal("nosniff", Assert.Single(page.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("same-origin", Assert.Single(page.Headers.GetValues("Referrer-Policy")));
        Assert.False(page.Headers.Contains("Strict-Transport-Security"));

        using var tls = Browser(https: true);
        using var secure = await tls.GetAsync("account/login");
        Assert.Equal("nosniff", Assert.Single(secure.Headers.GetValues("X-Content-Type-Options")));
        Assert.StartsWith("max-age=31536000", Assert.Single(secure.Headers.GetValues("Strict-Transport-Security")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoginBehindHttpsProxy_SetsSecureLaxCookie_PlainHttpDoesNot()
    {
        using var tls = Browser(https: true);
        await tls.LogInAsync("secure");
        var auth = Assert.Single(tls.SetCookies, c => c.StartsWith(RawBrowser.AuthCookie + "=", StringComparison.Ordinal));
        Assert.Contains("secure", auth, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", auth, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", auth, StringComparison.OrdinalIgnoreCase);
        Assert.All(tls.SetCookies.Where(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal)),
            c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));

        using var plain = Browser();
        await plain.LogInAsync("secure");
        var plainAuth = Assert.Single(plain.SetCookies, c => c.StartsWith(RawBrowser.AuthCookie + "=", StringComparison.Ordinal));
        Assert.DoesNotContain("secure", plainAuth, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SingleSignOnBehindHttpsProxy_RedirectsToProviderWithHttpsCallback()
    {
        using var tls = Browser(https: true);
        using var challenge = await tls.GetAsync("account/login/sso?returnUrl=%2F");
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var query = Uri.UnescapeDataString(challenge.Headers.Location!.Query);
        Assert.Contains($"redirect_uri=https://{HardenedHost.PublicHost}/signin-oidc", query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BlazorHub_RefusesAnotherSitesOrigin_AcceptsItsOwn()
    {
        using var client = Browser();
        using var foreign = await client.SendAsync(HttpMethod.Post, "_blazor/negotiate?negotiateVersion=1", new StringContent(""), origin: "http://evil.example");
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Contains("another site", await foreign.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var own = await client.SendAsync(HttpMethod.Post, "_blazor/negotiate?negotiateVersion=1", new StringContent(""), origin: $"https://{HardenedHost.PublicHost}");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Fact]
    public async Task Health_AnonymousGetsStatusOnly_AuthenticatedGetsDetail()
    {
        using var anonymous = Browser();
        foreach (var path in new[] { "health", "health/ready", "health/cluster" })
        {
            using var response = await anonymous.GetAsync(path);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal(["status"], body.RootElement.EnumerateObject().Select(p => p.Name));
        }

        using var keyed = Host.Client(HostUnderTest.ViewerKey);
        await Host.WaitForAsync(async () => (await keyed.GetAsync("health/cluster")).IsSuccessStatusCode, UiSession.Bound, "cluster health");
        using var ready = JsonDocument.Parse(await keyed.GetStringAsync("health/cluster"));
        Assert.True(ready.RootElement.GetProperty("entries").GetProperty("workers").GetProperty("data").GetProperty("names").GetArrayLength() > 0);

        using var viewer = Browser();
        await viewer.LogInAsync("healthy");
        using var health = await viewer.GetAsync("health");
        using var detail = JsonDocument.Parse(await health.Content.ReadAsStringAsync());
        Assert.True(detail.RootElement.GetProperty("dags").GetInt32() > 0);
    }
}
