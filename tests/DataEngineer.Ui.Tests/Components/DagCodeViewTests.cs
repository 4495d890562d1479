using Bunit;
using DataEngineer.Core.Storage;
using DataEngineer.Ui.Components;
using Xunit;

namespace DataEngineer.Ui.Tests.Components;

public sealed class DagCodeViewTests
{
    [Fact]
    public async Task Render_UnitOfSeveralFiles_ShowsTheDagsOwnFileFirst_AndTheOthersOnAClick()
    {
        await using var context = new BunitContext();
        var store = await UiTestData.StoreWithRunsAsync();
        var structure = new DagStructure { DagId = "ui_flaky", Version = "v-files", ClassName = "OrdersEtlDag", Source = "orders_etl", ScheduleDescription = "manual", Tasks = [] };
        await store.RecordVersionWithCodeAsync(structure, new DagCode(
        [
            new DagCodeFile("orders_etl/OrdersEtlDag.cs", "public sealed class OrdersEtlDag { }"),
            new DagCodeFile("orders_etl/Helpers.cs", "static class Helpers { }\n// line 2"),
            new DagCodeFile("orders_etl/Models.cs", "record Order(int Id);"),
        ]), UiTestData.Day);
        UiPageContext.Add(context, store, [UiTestData.FlakyGraph], UiPageContext.Clock(UiTestData.Day));

        var view = context.Render<DagCodeView>(p => p.Add(v => v.DagId, "ui_flaky").Add(v => v.Version, "v-files"));

        Assert.Equal("orders_etl/OrdersEtlDag.cs", view.Find("[data-testid=code-file]").TextContent);
        Assert.Single(view.FindAll("[data-testid=code-view]"));
        Assert.Contains("OrdersEtlDag", view.Find("[data-testid=code-view]").TextContent, StringComparison.Ordinal);
        Assert.Equal(3, view.FindAll("[data-testid=code-file-choice]").Count);

        await view.InvokeAsync(() => view.FindAll("[data-testid=code-file-choice]")[1].Click());

        Assert.Equal("orders_etl/Helpers.cs", view.Find("[data-testid=code-file]").TextContent);
        Assert.Equal(2, view.FindAll("[data-testid=code-view] tr").Count);
    }
}
