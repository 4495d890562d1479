using Bunit;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Ui.Components;
using Xunit;

namespace DataEngineer.Ui.Tests.Components;

/// <summary>The graph a DAG page shows: the version its newest run used, or the loaded DAG when it has no runs.</summary>
public sealed class RunGraphViewTests
{
    [Fact]
    public async Task WithoutARun_ShowsTheLoadedDag()
    {
        await using var context = new BunitContext();
        UiPageContext.Add(context, new InMemoryMetadataStore(), [UiTestData.FlakyGraph], UiPageContext.Clock(UiTestData.Day));

        var view = context.Render<RunGraphView>(p => p.Add(v => v.DagId, "ui_flaky"));

        Assert.Equal(["extract", "load"], view.FindAll("text").Select(t => t.TextContent));
        Assert.Equal("The DAG as loaded now; it has no runs.", view.Find("[data-testid=run-graph-version]").TextContent);
    }

    [Fact]
    public async Task WithARunOfTheLoadedVersion_SaysItIsThatVersion_EvenIfNotStored()
    {
        await using var context = new BunitContext();
        var run = UiTestData.Run(0, DagRunState.Success, TaskInstanceState.Success, TaskInstanceState.Success);
        UiPageContext.Add(context, new InMemoryMetadataStore(), [UiTestData.FlakyGraph], UiPageContext.Clock(UiTestData.Day));

        var view = context.Render<RunGraphView>(p => p.Add(v => v.DagId, "ui_flaky").Add(v => v.Run, run));

        Assert.Equal(["success", "success"], view.FindAll("rect").Select(r => r.GetAttribute("data-state")));
        Assert.StartsWith($"DAG version {UiTestData.FlakyGraph.Version}, the one run {run.Run.RunId} used", view.Find("[data-testid=run-graph-version]").TextContent, StringComparison.Ordinal);
    }
}
