using Bunit;
using DataEngineer.Core.Execution;
using DataEngineer.Core.Loading;
using DataEngineer.Core.States;
using DataEngineer.Execution.Hosting;
using DataEngineer.Core.Operations;
using DagsPage = DataEngineer.Ui.Pages.Dags;
using DataEngineer.Ui.Presentation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;
using MudBlazor.Services;
using Xunit;

namespace DataEngineer.Ui.Tests.Components;

/// <summary>MudBlazor's services dispose only asynchronously, so each test owns its context and disposes it with await.</summary>
public sealed class DagsPageTests
{
    private static async Task<IRenderedComponent<DagsPage>> RenderAsync(BunitContext context, string role, string address = "", TimeProvider? time = null)
    {
        var store = await UiTestData.StoreWithRunsAsync(
            UiTestData.Run(0, DagRunState.Success, TaskInstanceState.Success, TaskInstanceState.Success),
            UiTestData.Run(1, DagRunState.Failed, TaskInstanceState.Success, TaskInstanceState.Failed));
        await store.ReplaceImportErrorsAsync([new DagImportError("Broken.CyclicDag", "cyclic", "a cycle: a -> b -> a")]);
        var registry = new StaticDagRegistry([UiTestData.FlakyGraph]);
        context.Services.AddMudServices();
        context.Services.AddMetadataStore(store);
        context.Services.AddSingleton<IDagRegistry>(registry);
        context.Services.AddSingleton(time ?? TimeProvider.System);
        context.Services.AddSingleton(new UiOptions());
        context.Services.AddSingleton(new DagOperations(store, store, store, registry, TimeProvider.System));
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.AddAuthorization().SetAuthorized("someone").SetRoles(role);
        context.Render<MudPopoverProvider>();
        context.Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo(address);
        return context.Render<DagsPage>();
    }

    [Fact]
    public async Task Render_ShowsImportErrors_LastRunState_RecentRuns_AndSchedule()
    {
        await using var context = new BunitContext();
        var page = await RenderAsync(context, "operator");

        Assert.Contains("a cycle: a -> b -> a", page.Find("[data-testid=import-errors]").TextContent, StringComparison.Ordinal);
        Assert.Equal("failed", page.Find("[data-testid=last-state-ui_flaky]").GetAttribute("data-state"));
        var recent = page.FindAll("a.state-square").Select(a => a.GetAttribute("data-state")).ToList();
        Assert.Equal(["success", "failed"], recent);
        Assert.Contains("1 DAGs", page.Find("[data-testid=dag-count]").TextContent, StringComparison.Ordinal);
        Assert.False(page.Find("input[data-testid=pause-ui_flaky], [data-testid=pause-ui_flaky] input").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Render_HomePageLeadsWithWhatIsBrokenNow_EachItemLinkingToWhereItIsFixed()
    {
        await using var context = new BunitContext();
        var page = await RenderAsync(context, "viewer", time: new FakeTimeProvider(UiTestData.Day.AddDays(2)));

        var banner = page.Find("[data-testid=broken-banner]");
        Assert.Contains("2 things are broken now", banner.TextContent, StringComparison.Ordinal);
        var items = page.FindAll("[data-testid=broken-item]").Select(i => (i.TextContent.Trim(), i.QuerySelector("a")!.GetAttribute("href"))).ToList();
        Assert.Equal(
        [
            ("failed run: ui_flaky / manual__2024-01-02", Links.Run("ui_flaky", "manual__2024-01-02")),
            ("import error: Broken.CyclicDag", "broken"),
        ], items);
        Assert.Equal("broken", page.Find("[data-testid=broken-see-all]").GetAttribute("href"));
        // The banner comes before the DAG list.
        Assert.True(page.Markup.IndexOf("broken-banner", StringComparison.Ordinal) < page.Markup.IndexOf("dags-grid", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Render_FailedRunOlderThanAWeek_IsNoLongerListed()
    {
        await using var context = new BunitContext();
        // Two weeks on, the failed run is no longer "now"; the import error still is.
        var page = await RenderAsync(context, "viewer", time: new FakeTimeProvider(UiTestData.Day.AddDays(30)));

        Assert.Equal(["import error: Broken.CyclicDag"], page.FindAll("[data-testid=broken-item]").Select(i => i.TextContent.Trim()));
    }

    [Fact]
    public async Task Render_ForViewer_PauseToggleIsDisabled()
    {
        await using var context = new BunitContext();
        var page = await RenderAsync(context, "viewer");

        Assert.True(page.Find("input[data-testid=pause-ui_flaky], [data-testid=pause-ui_flaky] input").HasAttribute("disabled"));
    }

    [Theory]
    [InlineData("?last_run_state=success", 0)]
    [InlineData("?last_run_state=failed", 1)]
    [InlineData("?owner=nobody", 0)]
    [InlineData("?owner=oncall&tag=ui", 1)]
    [InlineData("?paused=paused", 0)]
    [InlineData("?search=flaky&last_run_state=nonsense", 1)]
    public async Task Render_FiltersFromTheAddress_AreApplied(string query, int count)
    {
        await using var context = new BunitContext();

        var page = await RenderAsync(context, "viewer", "dags" + query);

        Assert.Contains($"{count} DAGs", page.Find("[data-testid=dag-count]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClickingATag_PutsTheFilterInTheAddress_KeepingTheOthers()
    {
        await using var context = new BunitContext();
        var page = await RenderAsync(context, "viewer", "dags?owner=oncall");
        var navigation = context.Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();

        await page.InvokeAsync(() => page.FindAll("[data-testid=dags-grid] .mud-chip").First(c => c.TextContent.Contains("test", StringComparison.Ordinal)).Click());

        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(navigation.Uri).Query);
        Assert.Equal("test", query["tag"].ToString());
        Assert.Equal("oncall", query["owner"].ToString());
        Assert.Contains("1 DAGs", page.Find("[data-testid=dag-count]").TextContent, StringComparison.Ordinal);
    }
}
