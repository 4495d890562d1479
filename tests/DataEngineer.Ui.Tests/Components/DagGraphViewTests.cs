using Bunit;
using DataEngineer.Core.States;
using DataEngineer.Ui.Components;
using Xunit;

namespace DataEngineer.Ui.Tests.Components;

public sealed class DagGraphViewTests : BunitContext
{
    [Fact]
    public void Render_DrawsEachTaskAndEdge_ColouredByTheRun()
    {
        var run = UiTestData.Run(0, DagRunState.Failed, TaskInstanceState.Success, TaskInstanceState.Failed);

        var view = Render<DagGraphView>(p => p.Add(v => v.Graph, UiTestData.FlakyGraph).Add(v => v.Run, run));

        Assert.Equal(["extract", "load"], view.FindAll("text").Select(t => t.TextContent));
        Assert.Single(view.FindAll("line"));
        Assert.Equal(["success", "failed"], view.FindAll("rect").Select(r => r.GetAttribute("data-state")));
        // Edges point right: load sits in the column after extract.
        var x = view.FindAll("rect").Select(r => double.Parse(r.GetAttribute("x")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(x[1] > x[0]);
    }
}
