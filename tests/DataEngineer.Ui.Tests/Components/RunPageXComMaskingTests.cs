using Bunit;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Sdk;
using DataEngineer.Ui.Pages;
using Xunit;

namespace DataEngineer.Ui.Tests.Components;

/// <summary>The run page's XCom table masks properties named like PII columns the loaded DAGs declare; the stored value is untouched.</summary>
public sealed class RunPageXComMaskingTests
{
    [Fact]
    public async Task XComTable_PiiProperty_ShownMasked()
    {
        await using var context = new BunitContext();
        var run = UiTestData.Run(0, DagRunState.Success, TaskInstanceState.Success, TaskInstanceState.Success);
        var store = await UiTestData.StoreWithRunsAsync(run);
        const string value = """[{"customerId":7,"email":"jane.doe@example.com"}]""";
        await store.SetXComAsync(new XComEntry(run.Run.DagId, run.Run.RunId, "extract", XComKeys.ReturnValue, value));
        UiPageContext.Add(context, store, [UiPiiDag.Graph], UiPageContext.Clock(UiTestData.Day.AddDays(1)));

        var page = context.Render<RunPage>(p => p.Add(x => x.DagId, run.Run.DagId).Add(x => x.RunId, run.Run.RunId));

        var table = page.Find("[data-testid=xcom-table]").TextContent;
        Assert.Contains("""[{"customerId":7,"email":"j***@***.com"}]""", table, StringComparison.Ordinal);
        Assert.DoesNotContain("jane.doe", table, StringComparison.Ordinal);
        Assert.Equal(value, (await store.GetXComAsync(run.Run.Key, "extract", XComKeys.ReturnValue))!.Json);
    }
}
