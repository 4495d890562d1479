using System.Net;
using System.Text.RegularExpressions;
using Xunit;

namespace DataEngineer.Ui.Tests.Security;

public sealed partial class HardeningTests
{
    [Fact]
    public async Task WrongPasswords_LockTheUserNameOut_WithAClearMessage_ThenTheLockoutEndsByItself()
    {
        using var attacker = Browser();
        for (var i = 0; i < HardenedHost.AttemptsPerUser; i++)
        {
            using var wrong = await attacker.PostLoginAsync("locky", "guess-" + i);
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            Assert.Contains("Wrong user name or password.", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // The right password does not help now, from this address or another one.
        using var owner = Browser();
        using var locked = await owner.PostLoginAsync("locky", HostUnderTest.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.False(owner.Cookies.ContainsKey(RawBrowser.AuthCookie));
        var seconds = int.Parse(Assert.Single(locked.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(seconds, 1, (int)HardenedHost.Window.TotalSeconds * 2);
        Assert.Contains("Too many login attempts for this user name or from this address. Logging in is paused until",
            await locked.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Bounded by the configured window: the lockout ends without anyone lifting it.
        await Host.WaitForAsync(async () =>
        {
            using var again = Browser();
            using var attempt = await again.PostLoginAsync("locky", HostUnderTest.Password);
            return attempt.StatusCode == HttpStatusCode.Redirect && again.Cookies.ContainsKey(RawBrowser.AuthCookie);
        }, HardenedHost.Window * 5, "the lockout of locky to end");

        var audit = (await Host.Store.ListAuditAsync(0, 500)).Entries;
        Assert.Contains(audit, e => e.Action == "login.failure" && e.Target == "locky" && e.Detail.Contains(attacker.ClientAddress, StringComparison.Ordinal));
        Assert.Contains(audit, e => e.Action == "login.lockout" && e.Target == "locky");
        Assert.Contains(audit, e => e.Action == "login.success" && e.Actor == "locky");
        Assert.Contains("[7002]", Host.Output, StringComparison.Ordinal);
        Assert.Contains("[7003]", Host.Output, StringComparison.Ordinal);
        Assert.Contains("[7001]", Host.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManyUserNamesFromOneAddress_LockTheAddressOut()
    {
        using var sprayer = Browser();
        for (var i = 0; i < HardenedHost.AttemptsPerAddress; i++)
        {
            using var wrong = await sprayer.PostLoginAsync($"spray{i}", "password1");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }

        using var refused = await sprayer.PostLoginAsync("sprayee", HostUnderTest.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);

        // Another address is not affected.
        using var colleague = Browser();
        await colleague.LogInAsync("sprayee");
    }

    [Fact]
    public async Task UnknownAndKnownUserNames_GetTheSameAnswers_WrongPasswordAndLockout()
    {
        using var known = Browser();
        using var unknown = Browser();
        var knownAnswers = new List<(HttpStatusCode, string)>();
        var unknownAnswers = new List<(HttpStatusCode, string)>();
        for (var i = 0; i <= HardenedHost.AttemptsPerUser; i++)
        {
            using var k = await known.PostLoginAsync("enum", "not-it");
            knownAnswers.Add((k.StatusCode, Message(await k.Content.ReadAsStringAsync())));
            using var u = await unknown.PostLoginAsync("nobody-" + Guid.NewGuid().ToString("N")[..6], "not-it");
            unknownAnswers.Add((u.StatusCode, Message(await u.Content.ReadAsStringAsync())));
        }

        // Unknown names rotate, so only the known one is locked out: compare each name's own lockout answer instead.
        using var unknownLocked = Browser();
        var stranger = "nobody-" + Guid.NewGuid().ToString("N")[..6];
        for (var i = 0; i < HardenedHost.AttemptsPerUser; i++)
        {
            using var ignored = await unknownLocked.PostLoginAsync(stranger, "not-it");
        }

        using var strangerLocked = await unknownLocked.PostLoginAsync(stranger, "not-it");
        Assert.Equal(knownAnswers[..HardenedHost.AttemptsPerUser], unknownAnswers[..HardenedHost.AttemptsPerUser]);
        Assert.Equal((HttpStatusCode.OK, "Wrong user name or password."), knownAnswers[0]);
        Assert.Equal(knownAnswers[^1], (strangerLocked.StatusCode, Message(await strangerLocked.Content.ReadAsStringAsync())));
        Assert.Equal(HttpStatusCode.TooManyRequests, knownAnswers[^1].Item1);
    }

    [Fact]
    public async Task UnknownUserAndWrongPassword_GetTheSamePage_ButForTheTypedNameAndTheFormsToken()
    {
        const string stranger = "nobody-at-all";
        using var known = Browser();
        using var unknown = Browser();

        using var wrongPassword = await known.PostLoginAsync("samey", "not-it");
        using var unknownName = await unknown.PostLoginAsync(stranger, "not-it");

        Assert.Equal(HttpStatusCode.OK, wrongPassword.StatusCode);
        Assert.Equal(wrongPassword.StatusCode, unknownName.StatusCode);
        Assert.Equal(CookieNames(wrongPassword), CookieNames(unknownName));
        var knownPage = Comparable(await wrongPassword.Content.ReadAsStringAsync(), "samey");
        var unknownPage = Comparable(await unknownName.Content.ReadAsStringAsync(), stranger);
        Assert.Equal(knownPage, unknownPage);
        Assert.Contains("Wrong user name or password.", knownPage, StringComparison.Ordinal);
    }

    private static List<string> CookieNames(HttpResponseMessage response) =>
        [.. (response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : []).Select(c => c[..c.IndexOf('=', StringComparison.Ordinal)]).Order(StringComparer.Ordinal)];

    // The page with what differs between any two answers taken out: the name typed in, and the protected values (antiforgery
    // tokens, Blazor's component markers), random in every answer: long runs of base64url characters.
    private static string Comparable(string html, string typedName) =>
        Regex.Replace(html.Replace(typedName, "<name>", StringComparison.Ordinal), "[A-Za-z0-9_\\-+/]{40,}=*", "<protected>");

    // The answer's message without its clock time (which moves) or the echoed user name.
    private static string Message(string html)
    {
        var error = Regex.Match(html, "data-testid=\"login-(?:error|locked)\">([^<]+)<");
        Assert.True(error.Success, $"the answer has no login message: {html}");
        return Regex.Replace(error.Groups[1].Value, @"\d{2}:\d{2}:\d{2} UTC \(in \d+ s\)", "<time>").Trim();
    }
}
