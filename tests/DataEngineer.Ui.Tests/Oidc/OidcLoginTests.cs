using DataEngineer.Core.Operations;
using Microsoft.Playwright;
using Xunit;

namespace DataEngineer.Ui.Tests.Oidc;

/// <summary>
/// Logging in through a real OpenID Connect flow: the real host configured with a provider on a loopback
/// port, Chromium clicking "Sign in with", the provider issuing a code and a signed ID token, and the user
/// landing on the DAGs page with the role their groups map to. The client secret never reaches the log.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class OidcLoginTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string ClientId = "dataengineer-ui";
    private const string ClientSecret = "oidc-client-secret-7f3a9c1e5b";

    private TestOidcProvider _provider = null!;
    private HostUnderTest _host = null!;

    public async Task InitializeAsync()
    {
        _provider = await TestOidcProvider.StartAsync(ClientId, ClientSecret);
        _host = new HostUnderTest
        {
            ExtraEnvironment = new Dictionary<string, string>
            {
                // Only the compiled test DAGs: this host has nothing to compile.
                ["DataEngineer__DagsFolder"] = "",
                ["DataEngineer__Web__Oidc__Authority"] = _provider.Issuer,
                ["DataEngineer__Web__Oidc__ClientId"] = ClientId,
                ["DataEngineer__Web__Oidc__ClientSecret"] = ClientSecret,
                ["DataEngineer__Web__Oidc__DisplayName"] = "Test IdP",
                ["DataEngineer__Web__Oidc__RequireHttpsMetadata"] = "false",
                ["DataEngineer__Web__Oidc__Roles__operator__Claim"] = "groups",
                ["DataEngineer__Web__Oidc__Roles__operator__Value"] = "data-operators",
                ["DataEngineer__Web__Oidc__Roles__viewer__Claim"] = "groups",
                ["DataEngineer__Web__Oidc__Roles__viewer__Value"] = "data-readers",
                // Authentication's own logging at its most talkative: the secret must not be in it either.
                ["Logging__LogLevel__Microsoft.AspNetCore.Authentication"] = "Debug",
            },
        };
        await _host.InitializeAsync();
    }

    [Fact]
    public async Task OperatorGroup_LogsInThroughProvider_LandsAsOperator_ReaderAsViewer_StrangerRefused()
    {
        _provider.NextUser = new OidcTestUser("sub-1001", "oona", ["staff", "data-operators", "data-readers"]);
        await using (var oona = await SignInAsync())
        {
            await Assertions.Expect(oona.Page.Locator("[data-testid=current-user]")).ToHaveTextAsync($"oona ({Roles.Operator})");
            await oona.ScreenshotAsync("oidc-logged-in");
            await oona.GoAsync("dags/ui_flaky");
            await Assertions.Expect(oona.Page.Locator("[data-testid=trigger-button]")).ToBeVisibleAsync();
        }

        _provider.NextUser = new OidcTestUser("sub-1002", "rita", ["data-readers"]);
        await using (var rita = await SignInAsync())
        {
            await Assertions.Expect(rita.Page.Locator("[data-testid=current-user]")).ToHaveTextAsync($"rita ({Roles.Viewer})");
            await rita.GoAsync("dags/ui_flaky");
            await Assertions.Expect(rita.Page.Locator("[data-testid=dag-title]")).ToHaveTextAsync("ui_flaky");
            await Assertions.Expect(rita.Page.Locator("[data-testid=trigger-button]")).ToHaveCountAsync(0);
        }

        // Groups that map to no role: the provider authenticates them, DataEngineer refuses them with a clear message.
        _provider.NextUser = new OidcTestUser("sub-1003", "sam", ["marketing"]);
        var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(_host.BaseUrl, "account/login").ToString());
        await page.ClickAsync("[data-testid=login-sso]");
        await Assertions.Expect(page.Locator("[data-testid=login-sso-error]")).ToContainTextAsync("has no DataEngineer role");
        var cookies = await context.CookiesAsync();
        Assert.DoesNotContain(cookies, c => c.Name == "dataengineer.auth");
        await context.CloseAsync();

        Assert.Equal(3, _provider.TokensIssued);
        Assert.DoesNotContain(ClientSecret, _host.Output, StringComparison.Ordinal);
        Assert.Contains("sam has no claim mapped to a DataEngineer role", _host.Output, StringComparison.Ordinal);
    }

    private async Task<UiSession> SignInAsync()
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout((float)UiSession.Bound.TotalMilliseconds);
        var session = new UiSession(context, page, _host.BaseUrl);
        await page.GotoAsync(_host.BaseUrl.ToString());
        await page.WaitForURLAsync("**/account/login**");
        await Assertions.Expect(page.Locator("[data-testid=login-sso]")).ToHaveTextAsync("Sign in with Test IdP");
        await page.ClickAsync("[data-testid=login-sso]");
        await session.WaitUntilLiveAsync();
        Assert.Equal(_host.BaseUrl.ToString(), page.Url);
        return session;
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _provider.DisposeAsync();
    }
}
