using System.Net;
using Xunit;

namespace DataEngineer.Ui.Tests.Security;

public sealed partial class HardeningTests
{
    [Fact]
    public async Task Logout_RevokesACopiedCookie_AndIsAudited()
    {
        using var user = Browser();
        await user.LogInAsync("leo");
        using var thief = Browser();
        thief.Cookies[RawBrowser.AuthCookie] = user.Cookies[RawBrowser.AuthCookie];
        Assert.True(await thief.IsLoggedInAsync(), "the copied cookie should work while the session lasts");

        await user.LogOutAsync();

        Assert.False(await thief.IsLoggedInAsync(), "the copied cookie still works after logout");
        var audit = (await Host.Store.ListAuditAsync(0, 200)).Entries;
        Assert.Contains(audit, e => e.Action == "session.logout" && e.Actor == "leo" && e.Target == "leo");
        Assert.Contains("[7004]", Host.Output, StringComparison.Ordinal);

        // Logging in again works and starts a new session.
        using var again = Browser();
        await again.LogInAsync("leo");
        Assert.True(await again.IsLoggedInAsync());
    }

    [Fact]
    public async Task AdminRevokesThroughRest_SessionsEnd_OperatorMayNot_GarbageNameIsA400()
    {
        using var victim = Browser();
        await victim.LogInAsync("revokee");
        Assert.True(await victim.IsLoggedInAsync());

        using var operatorApi = Host.Client(HostUnderTest.OperatorKey);
        using (var forbidden = await operatorApi.DeleteAsync("api/v1/users/revokee/sessions"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        }

        Assert.True(await victim.IsLoggedInAsync());

        using var admin = Host.Client(HostUnderTest.AdminKey);
        using (var garbage = await admin.DeleteAsync("api/v1/users/%01%02/sessions"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
            Assert.Contains("control characters", await garbage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var revoked = await admin.DeleteAsync("api/v1/users/revokee/sessions"))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        }

        Assert.False(await victim.IsLoggedInAsync(), "revokee's session outlived the revoke");
        Assert.Contains((await Host.Store.ListAuditAsync(0, 200)).Entries, e => e.Action == "session.revoke" && e.Actor == "api-key:ci" && e.Target == "revokee");
    }

    [Fact]
    public async Task AdminRevokesThroughCli_SessionsEnd_Audited()
    {
        using var victim = Browser();
        await victim.LogInAsync("ada");
        Assert.True(await victim.IsLoggedInAsync());

        var (exitCode, output, errors) = await Host.RunCliAsync("users", "revoke-sessions", "ada");
        Assert.True(exitCode == 0, $"exit {exitCode}: {output}{errors}");
        Assert.Contains("Every session of 'ada' ended", output, StringComparison.Ordinal);

        Assert.False(await victim.IsLoggedInAsync(), "ada's session outlived the CLI revoke");
        Assert.Contains((await Host.Store.ListAuditAsync(0, 200)).Entries, e => e.Action == "session.revoke" && e.Actor.StartsWith("cli:", StringComparison.Ordinal) && e.Target == "ada");
    }

    [Fact]
    public async Task DataProtectionKeys_SurviveARestartOfTheSameHost_TheCookieStillWorks()
    {
        using var user = Browser();
        await user.LogInAsync("restarty");
        Assert.True(await user.IsLoggedInAsync());

        await Host.RestartAsync();

        Assert.True(await user.IsLoggedInAsync(), "the cookie issued before the restart is refused after it");
    }

    [Fact]
    public async Task DataProtectionKeys_AreInTheDatabase_ACookieWorksOnAnotherProcessWithAnEmptyHomeFolder()
    {
        using var user = Browser();
        await user.LogInAsync("dp");

        var home = Path.Combine(Path.GetTempPath(), "dataengineer-home-" + Guid.NewGuid().ToString("N"));
        var replica = hardened.Replica(home);
        try
        {
            await replica.InitializeAsync();
            using var there = new RawBrowser(replica.BaseUrl, HardenedHost.PublicHost);
            there.Cookies[RawBrowser.AuthCookie] = user.Cookies[RawBrowser.AuthCookie];
            Assert.True(await there.IsLoggedInAsync(), "a cookie of one web host is refused by another on the same database");
            Assert.Empty(Directory.EnumerateFiles(home, "*.xml", SearchOption.AllDirectories));
        }
        finally
        {
            await replica.DisposeAsync();
            Directory.Delete(home, recursive: true);
        }
    }
}
