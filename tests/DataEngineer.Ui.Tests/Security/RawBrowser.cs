using System.Net;
using System.Text.RegularExpressions;
using Xunit;

namespace DataEngineer.Ui.Tests.Security;

/// <summary>
/// A browser without script, by hand: cookies kept from Set-Cookie (Secure ones too, so a request through an HTTPS
/// proxy can be played on loopback), a Host header and X-Forwarded-* as a reverse proxy would send them, and a client
/// address of its own, so the per-address login limit of one test does not touch another's.
/// </summary>
internal sealed partial class RawBrowser(Uri baseUrl, string? host = null, bool viaHttpsProxy = false) : IDisposable
{
    private static int _addresses;

    private readonly HttpClient _http = new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = baseUrl };

    public Dictionary<string, string> Cookies { get; } = new(StringComparer.Ordinal);

    /// <summary>Every Set-Cookie header received, as sent.</summary>
    public List<string> SetCookies { get; } = [];

    public string ClientAddress { get; } = NextAddress();

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content = null, string? origin = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (host is not null)
        {
            request.Headers.Host = host;
        }

        request.Headers.Add("X-Forwarded-For", ClientAddress);
        if (viaHttpsProxy)
        {
            request.Headers.Add("X-Forwarded-Proto", "https");
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        if (Cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", Cookies.Select(c => $"{c.Key}={c.Value}")));
        }

        var response = await _http.SendAsync(request);
        foreach (var header in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
        {
            SetCookies.Add(header);
            var pair = header.Split(';')[0];
            var name = pair[..pair.IndexOf('=', StringComparison.Ordinal)];
            var value = pair[(name.Length + 1)..];
            if (value.Length == 0 || header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
            {
                Cookies.Remove(name);
            }
            else
            {
                Cookies[name] = value;
            }
        }

        return response;
    }

    public Task<HttpResponseMessage> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    /// <summary>Fills in and posts the login form, as a browser would.</summary>
    public async Task<HttpResponseMessage> PostLoginAsync(string user, string password)
    {
        using var page = await GetAsync("account/login");
        var token = TokenOf(await page.Content.ReadAsStringAsync());
        return await SendAsync(HttpMethod.Post, "account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = token,
            ["Input.UserName"] = user,
            ["Input.Password"] = password,
        }));
    }

    /// <summary>Logs in and asserts it worked (a redirect away from the login page with the auth cookie).</summary>
    public async Task LogInAsync(string user)
    {
        using var response = await PostLoginAsync(user, HostUnderTest.Password);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect && Cookies.ContainsKey(AuthCookie),
            $"login as {user} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Posts the layout's Log out form.</summary>
    public async Task LogOutAsync()
    {
        using var page = await GetAsync("");
        var token = TokenOf(await page.Content.ReadAsStringAsync());
        using var response = await SendAsync(HttpMethod.Post, "account/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    /// <summary>Whether a page opens (200) rather than sending this browser to the login page.</summary>
    public async Task<bool> IsLoggedInAsync()
    {
        using var response = await GetAsync("dags/ui_flaky");
        return response.StatusCode == HttpStatusCode.OK;
    }

    public const string AuthCookie = "dataengineer.auth";

    public static string TokenOf(string html)
    {
        var match = AntiforgeryToken().Match(html);
        Assert.True(match.Success, "the page has no antiforgery token");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    public void Dispose() => _http.Dispose();

    private static string NextAddress()
    {
        var n = Interlocked.Increment(ref _addresses);
        return $"10.77.{n / 250}.{(n % 250) + 1}";
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
