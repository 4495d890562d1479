using Microsoft.Playwright;
using Xunit;

namespace DataEngineer.Ui.Tests;

/// <summary>
/// The Variables page in a real browser against the real host: an admin creates, edits and deletes a variable; a variable
/// whose key looks secret is stored encrypted and shown as *** although nobody ticked Secret; a bad key gets a clear
/// message; viewers and operators cannot open the page. Every change is in the audit log under the admin's name.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class VariablesPageTests(HostUnderTest host, BrowserFixture browser)
{
    private static readonly LocatorAssertionsToContainTextOptions Bounded = new() { Timeout = (float)UiSession.Bound.TotalMilliseconds };

    [Fact]
    public async Task Admin_CreatesEditsDeletes_ASecretNamedVariableIsMasked_BadKeyIsExplained()
    {
        var key = $"page_region_{Guid.NewGuid():N}"[..20];
        var secretKey = $"page_api_token_{Guid.NewGuid():N}"[..24];
        const string secretValue = "tok-Page-5531x";
        await using var ui = await UiSession.LogInAsync(browser, host, "ada");
        await ui.GoAsync("variables");

        // Create.
        await SetAsync(ui, key, "eu-west", "where we run");
        await Assertions.Expect(ui.Page.Locator($"[data-testid=variable-value-{key}]")).ToHaveTextAsync("eu-west", new() { Timeout = Bounded.Timeout });
        Assert.Equal("eu-west", (await host.Store.GetVariableAsync(key))!.Value);

        // A key that looks secret: encrypted and masked although Secret was not ticked.
        await SetAsync(ui, secretKey, secretValue, "vendor API");
        await Assertions.Expect(ui.Page.Locator($"[data-testid=variable-value-{secretKey}]")).ToHaveTextAsync("***", new() { Timeout = Bounded.Timeout });
        await ui.ScreenshotAsync("variables");
        Assert.DoesNotContain(secretValue, await ui.Page.ContentAsync(), StringComparison.Ordinal);
        var stored = await host.Store.GetVariableAsync(secretKey);
        Assert.True(stored!.IsSecret);
        Assert.DoesNotContain(secretValue, stored.Value, StringComparison.Ordinal);

        // Edit: the form takes the row's key and description, the admin types the new value.
        await ui.Page.ClickAsync($"[data-testid=variable-edit-{key}]");
        await Assertions.Expect(ui.Input("variable-key")).ToHaveValueAsync(key);
        await Assertions.Expect(ui.Input("variable-description")).ToHaveValueAsync("where we run");
        await ui.Input("variable-value").FillAsync("us-east");
        await ui.Page.ClickAsync("[data-testid=variable-save]");
        await Assertions.Expect(ui.Page.Locator($"[data-testid=variable-value-{key}]")).ToHaveTextAsync("us-east", new() { Timeout = Bounded.Timeout });
        Assert.Equal("us-east", (await host.Store.GetVariableAsync(key))!.Value);

        // Delete.
        await ui.Page.ClickAsync($"[data-testid=variable-delete-{key}]");
        await Assertions.Expect(ui.Page.Locator($"[data-testid=variable-key-{key}]")).ToHaveCountAsync(0, new() { Timeout = Bounded.Timeout });
        Assert.Null(await host.Store.GetVariableAsync(key));

        // A bad key: the message says what is allowed, nothing is stored.
        await SetAsync(ui, "bad key!", "x", "");
        await Assertions.Expect(ui.Page.Locator(".mud-snackbar.mud-alert-filled-error")).ToContainTextAsync("The variable key 'bad key!' is not valid", Bounded);
        Assert.Null(await host.Store.GetVariableAsync("bad key!"));

        var audit = (await host.Store.ListAuditAsync(0, 300)).Entries.Where(e => e.Actor == "ada").ToList();
        Assert.Equal(2, audit.Count(e => e is { Action: "variable.set" } && e.Target == key));
        Assert.Contains(audit, e => e.Action == "variable.set" && e.Target == secretKey && e.Detail == "secret=true");
        Assert.Contains(audit, e => e.Action == "variable.delete" && e.Target == key);
        Assert.DoesNotContain(audit, e => e.Detail.Contains(secretValue, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("vic")]
    [InlineData("olga")]
    public async Task ViewerAndOperator_CannotOpenTheVariablesPage(string user)
    {
        await using var ui = await UiSession.LogInAsync(browser, host, user);

        await ui.Page.GotoAsync(new Uri(host.BaseUrl, "variables").ToString());

        await ui.Page.Locator("[data-testid=access-denied]").WaitForAsync();
        Assert.Equal(0, await ui.Page.Locator("[data-testid=variables-table]").CountAsync());
        Assert.Equal(0, await ui.Page.Locator("[data-testid=variable-save]").CountAsync());
    }

    private static async Task SetAsync(UiSession ui, string key, string value, string description)
    {
        await ui.Input("variable-key").FillAsync(key);
        await ui.Input("variable-value").FillAsync(value);
        await ui.Input("variable-description").FillAsync(description);
        await ui.Input("variable-description").PressAsync("Tab");
        await ui.Page.ClickAsync("[data-testid=variable-save]");
    }
}
