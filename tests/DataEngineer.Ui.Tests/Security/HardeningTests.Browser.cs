using Microsoft.Playwright;
using Xunit;

namespace DataEngineer.Ui.Tests.Security;

public sealed partial class HardeningTests
{
    [Fact]
    public async Task OpenTab_StopsActing_WithinSeconds_AfterLogoutInAnotherBrowser()
    {
        await using var open = await LogInAsync("tabby");
        await open.GoAsync("dags/ui_flaky");
        await Assertions.Expect(open.Page.Locator("[data-testid=dag-title]")).ToHaveTextAsync("ui_flaky");

        await using var other = await LogInAsync("tabby");
        await other.Page.ClickAsync("form[action='account/logout'] button");
        await other.Page.WaitForURLAsync("**/account/login**");

        // The open tab's live circuit re-checks its session and sends it to the login page: no more clicks act.
        await open.Page.WaitForURLAsync("**/account/login**", new PageWaitForURLOptions { Timeout = (float)TimeSpan.FromSeconds(30).TotalMilliseconds });
        await Assertions.Expect(open.Page.Locator("[data-testid=login-submit]")).ToBeVisibleAsync();
        Assert.Contains((await Host.Store.ListAuditAsync(0, 200)).Entries, e => e.Action == "session.logout" && e.Actor == "tabby");
    }

    [Fact]
    public async Task LinkFromAnotherSite_LandsOnThePage_Logged_In()
    {
        await using var session = await LogInAsync("linky");
        // A chat or mail page on another site holding an alert's link: a top-level cross-site navigation.
        const string chat = "http://chat.example/alerts";
        var target = new Uri(Host.BaseUrl, "dags/ui_flaky").ToString();
        await session.Page.RouteAsync(chat, route => route.FulfillAsync(new RouteFulfillOptions
        {
            ContentType = "text/html",
            Body = $"<html><body><a id=alert-link href=\"{target}\">ui_flaky failed</a></body></html>",
        }));
        await session.Page.GotoAsync(chat);
        await session.Page.ClickAsync("#alert-link");
        await session.Page.WaitForURLAsync(target);
        await Assertions.Expect(session.Page.Locator("[data-testid=dag-title]")).ToHaveTextAsync("ui_flaky");
    }

    [Fact]
    public async Task LoginInputs_HaveVisibleBorders()
    {
        var context = await browser.Browser.NewContextAsync();
        try
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync(new Uri(Host.BaseUrl, "account/login").ToString());
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "login-page.png") });
            foreach (var input in new[] { "login-user", "login-password" })
            {
                var style = await page.EvalOnSelectorAsync<string[]>($"[data-testid={input}]",
                    "e => { const s = getComputedStyle(e); return [s.borderTopWidth, s.borderTopStyle, s.borderTopColor, s.backgroundColor]; }");
                Assert.NotEqual("0px", style[0]);
                Assert.NotEqual("none", style[1]);
                Assert.NotEqual(style[3], style[2]);
            }
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    // Each browser logs in from an address of its own (through the trusted proxy), so the per-address limit is its own.
    private async Task<UiSession> LogInAsync(string user)
    {
        using var address = Browser();
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
            ExtraHTTPHeaders = new Dictionary<string, string> { ["X-Forwarded-For"] = address.ClientAddress },
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout((float)UiSession.Bound.TotalMilliseconds);
        var session = new UiSession(context, page, Host.BaseUrl);
        await page.GotoAsync(new Uri(Host.BaseUrl, "account/login").ToString());
        await page.FillAsync("[data-testid=login-user]", user);
        await page.FillAsync("[data-testid=login-password]", HostUnderTest.Password);
        await page.ClickAsync("[data-testid=login-submit]");
        await session.WaitUntilLiveAsync();
        return session;
    }
}
