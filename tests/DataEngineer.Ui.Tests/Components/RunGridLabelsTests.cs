using Bunit;
using DataEngineer.Core.States;
using DataEngineer.Ui.Components;
using DataEngineer.Ui.Presentation;
using Xunit;

namespace DataEngineer.Ui.Tests.Components;

public sealed class RunGridLabelsTests : BunitContext
{
    [Fact]
    public void Render_Runs_LabelledWithDateAndDuration_AndALegendOfEveryState()
    {
        var finished = UiTestData.Run(0, DagRunState.Success, TaskInstanceState.Success, TaskInstanceState.Success);
        finished = finished with { Run = finished.Run with { StartedAt = UiTestData.Day, EndedAt = UiTestData.Day.AddSeconds(95) } };
        var running = UiTestData.Run(1, DagRunState.Running, TaskInstanceState.Success, TaskInstanceState.Running);
        running = running with { Run = running.Run with { StartedAt = UiTestData.Day.AddDays(1) } };

        var grid = Render<RunGrid>(p => p.Add(g => g.Runs, [running, finished]).Add(g => g.TaskIds, ["extract", "load"]));

        Assert.Equal(["01-01 00:00 · 1m35s", "01-02 00:00 · running"], grid.FindAll("[data-testid=run-label]").Select(l => l.TextContent.Trim()));
        var legend = grid.Find("[data-testid=state-legend]").QuerySelectorAll(".state-legend-item").Select(i => i.GetAttribute("data-state")).ToList();
        Assert.Contains("running", legend);
        Assert.Contains("success", legend);
        Assert.Contains("up_for_retry", legend);
    }

    [Fact]
    public void Render_RunningAndSuccess_DifferInGlyphAsWellAsColour()
    {
        var run = UiTestData.Run(0, DagRunState.Running, TaskInstanceState.Success, TaskInstanceState.Running);

        var grid = Render<RunGrid>(p => p.Add(g => g.Runs, [run]).Add(g => g.TaskIds, ["extract", "load"]));

        var cells = grid.FindAll("tbody a.state-square");
        Assert.Equal(StateColors.Glyph(TaskInstanceState.Success), cells[0].TextContent);
        Assert.Equal(StateColors.Glyph(TaskInstanceState.Running), cells[1].TextContent);
        Assert.NotEqual(cells[0].TextContent, cells[1].TextContent);
        Assert.NotEqual(cells[0].GetAttribute("style"), cells[1].GetAttribute("style"));
        foreach (var state in Enum.GetValues<TaskInstanceState>().Where(s => s != TaskInstanceState.None))
        {
            Assert.Single(Enum.GetValues<TaskInstanceState>(), s => StateColors.Glyph(s) == StateColors.Glyph(state));
        }
    }
}
