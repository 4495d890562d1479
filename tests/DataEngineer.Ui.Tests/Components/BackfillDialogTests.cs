using Bunit;
using DataEngineer.Core.Alerts;
using DataEngineer.Core.Execution;
using DataEngineer.Execution.Hosting;
using DataEngineer.Core.Operations;
using DataEngineer.Ui.Pages;
using DataEngineer.Ui.Presentation;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using Xunit;

namespace DataEngineer.Ui.Tests.Components;

/// <summary>The DAG page's Backfill dialog with garbage dates: the error shows in the dialog, nothing is dispatched.</summary>
public sealed class BackfillDialogTests
{
    [Theory]
    [InlineData("last week", "2024-01-02", "Give both dates as YYYY-MM-DD (or ISO 8601 instants).")]
    [InlineData("2024-01-05", "2024-01-01", "--from 2024-01-05T00:00:00Z is after --to 2024-01-01T00:00:00Z; give the earlier date first.")]
    [InlineData("2024-01-01", "9999-12-31", "--to 9999-12-31T00:00:00Z is outside the supported range 1900-01-01 to 9000-01-01; give a date within it.")]
    public async Task StartBackfill_GarbageDates_ShowTheErrorInTheDialog_AndAuditNothing(string from, string to, string expected)
    {
        await using var context = new BunitContext();
        var store = await UiTestData.StoreWithRunsAsync();
        var registry = new StaticDagRegistry([UiTestData.FlakyGraph]);
        context.Services.AddMudServices();
        context.Services.AddMetadataStore(store);
        context.Services.AddSingleton<IDagRegistry>(registry);
        context.Services.AddSingleton(TimeProvider.System);
        context.Services.AddSingleton(new UiOptions());
        context.Services.AddSingleton<IAlertStore>(new InMemoryAlertStore());
        context.Services.AddSingleton(new DagOperations(store, store, store, registry, TimeProvider.System));
        context.Services.AddSingleton(new BackfillOperations(store, store, store, store, registry, TimeProvider.System));
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.AddAuthorization().SetAuthorized("olga").SetRoles("operator");
        context.Render<MudPopoverProvider>();
        var dialogs = context.Render<MudDialogProvider>();
        var page = context.Render<DagPage>(p => p.Add(x => x.DagId, "ui_flaky"));

        // Each element is found and used on the renderer's thread: the page and the dialog re-render as their data loads,
        // and an element found before a re-render may no longer carry the handler it had.
        await page.InvokeAsync(() => page.Find("[data-testid=backfill-button]").Click());
        await dialogs.InvokeAsync(() => dialogs.FindAll(".mud-dialog input.mud-input-root")[0].Change(from));
        await dialogs.InvokeAsync(() => dialogs.FindAll(".mud-dialog input.mud-input-root")[1].Change(to));
        await dialogs.InvokeAsync(() => dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Contains("Start backfill", StringComparison.Ordinal)).Click());

        dialogs.WaitForAssertion(() => Assert.Contains(expected, dialogs.Find(".mud-dialog .mud-alert").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(5));
        Assert.Equal(0, (await store.ListAuditAsync(0, 10)).Total);
    }
}
