using Microsoft.Playwright;

namespace DataEngineer.Ui.Tests;

/// <summary>One logged-in browser context and page, with the waits the live UI needs.</summary>
public sealed class UiSession(IBrowserContext context, IPage page, Uri baseUrl) : IAsyncDisposable
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    public IPage Page => page;

    public static async Task<UiSession> LogInAsync(BrowserFixture browser, HostUnderTest host, string user, ViewportSize? viewport = null)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = viewport ?? new ViewportSize { Width = 1400, Height = 900 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout((float)Bound.TotalMilliseconds);
        var session = new UiSession(context, page, host.BaseUrl);
        await page.GotoAsync(host.BaseUrl.ToString());
        await page.WaitForURLAsync("**/account/login**");
        await page.FillAsync("[data-testid=login-user]", user);
        await page.FillAsync("[data-testid=login-password]", HostUnderTest.Password);
        await page.ClickAsync("[data-testid=login-submit]");
        await session.WaitUntilLiveAsync();
        return session;
    }

    /// <summary>Opens a UI address and waits until its circuit is connected.</summary>
    public async Task GoAsync(string relative)
    {
        await page.GotoAsync(new Uri(baseUrl, relative).ToString());
        await WaitUntilLiveAsync();
    }

    public Task WaitUntilLiveAsync() => page.Locator("[data-testid=circuit][data-ready=yes]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

    /// <summary>The input of a MudBlazor field, whether the test id sits on the input or around it.</summary>
    public ILocator Input(string testId) => page.Locator($"input[data-testid={testId}], [data-testid={testId}] input, textarea[data-testid={testId}], [data-testid={testId}] textarea").First;

    public Task WaitForStateAsync(string testId, string state) =>
        page.Locator($"[data-testid={testId}][data-state={state}]").WaitForAsync();

    public async Task ScreenshotAsync(string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, name + ".png"), FullPage = true });

    public async ValueTask DisposeAsync() => await context.CloseAsync();
}
