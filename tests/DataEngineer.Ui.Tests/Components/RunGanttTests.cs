using System.Globalization;
using AngleSharp.Dom;
using Bunit;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Ui.Components;
using DataEngineer.Ui.Presentation;
using Xunit;

namespace DataEngineer.Ui.Tests.Components;

public sealed class RunGanttTests
{
    private static readonly DateTimeOffset Start = UiTestData.Day.AddHours(1);

    private static double Number(IElement element, string attribute) => double.Parse(element.GetAttribute(attribute)!, CultureInfo.InvariantCulture);

    // Plays tries through the store as workers do: each change of a started task instance writes its try's record.
    private static async Task<InMemoryMetadataStore> StoreAsync(params (string Task, int Try, TaskInstanceState State, TimeSpan From, TimeSpan To)[] tries)
    {
        var run = UiTestData.Run(0, DagRunState.Running, TaskInstanceState.None, TaskInstanceState.None);
        run = run with { Run = run.Run with { StartedAt = Start } };
        var store = await UiTestData.StoreWithRunsAsync(run);
        foreach (var (task, number, state, from, to) in tries)
        {
            await store.UpdateRunAsync(run.Run.Key, s => new RunChanges([s.Tasks[task] with
            {
                State = TaskInstanceState.Running, TryNumber = number, MaxTries = 3, QueuedAt = Start + from - TimeSpan.FromSeconds(2), StartedAt = Start + from, EndedAt = null,
            }]));
            if (state != TaskInstanceState.Running)
            {
                await store.UpdateRunAsync(run.Run.Key, s => new RunChanges([s.Tasks[task] with { State = state, EndedAt = Start + to }]));
            }
        }

        return store;
    }

    private static async Task<IRenderedComponent<RunGantt>> RenderAsync(BunitContext context, InMemoryMetadataStore store, DateTimeOffset now)
    {
        UiPageContext.Add(context, store, [UiTestData.FlakyGraph], UiPageContext.Clock(now));
        var run = (await store.GetRunAsync(new RunKey("ui_flaky", "manual__2024-01-01")))!;
        return context.Render<RunGantt>(p => p.Add(g => g.Run, run).Add(g => g.TaskOrder, ["extract", "load"]));
    }

    [Fact]
    public async Task Render_SubSecondAndThreeHourTasks_BothDrawnWithWidth()
    {
        var store = await StoreAsync(
            ("extract", 1, TaskInstanceState.Success, TimeSpan.Zero, TimeSpan.FromMilliseconds(5)),
            ("load", 1, TaskInstanceState.Success, TimeSpan.FromMilliseconds(5), TimeSpan.FromHours(3) + TimeSpan.FromMilliseconds(5)));

        await using var context = new BunitContext();
        var gantt = await RenderAsync(context, store, Start.AddHours(4));

        var bars = gantt.FindAll("[data-testid=time-bar]");
        Assert.Equal(["extract", "load"], bars.Select(b => b.GetAttribute("data-label")));
        var widths = bars.Select(b => Number(b.QuerySelector("[data-testid=bar-work]")!, "width")).ToList();
        Assert.All(widths, w => Assert.True(w >= TimeBarChart.MinBarWidth, $"bar width {w}"));
        Assert.True(widths[1] > 500, $"the 3-hour bar spans most of the axis, not {widths[1]} px");
        Assert.Contains("5ms", bars[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("3h", bars[1].TextContent, StringComparison.Ordinal);
        Assert.NotNull(bars[0].QuerySelector("[data-testid=bar-wait]"));
    }

    [Fact]
    public async Task Render_FailedThenRetriedTry_FailedTryRedOnItsOwnRowLinkedToItsTry()
    {
        var store = await StoreAsync(
            ("extract", 1, TaskInstanceState.Success, TimeSpan.Zero, TimeSpan.FromSeconds(1)),
            ("load", 1, TaskInstanceState.Failed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)),
            ("load", 2, TaskInstanceState.Success, TimeSpan.FromSeconds(13), TimeSpan.FromSeconds(14)));

        await using var context = new BunitContext();
        var gantt = await RenderAsync(context, store, Start.AddMinutes(1));

        var bars = gantt.FindAll("[data-testid=time-bar]").ToDictionary(b => b.GetAttribute("data-label")!);
        Assert.Equal(["extract", "load #1", "load #2"], bars.Keys);
        var failed = bars["load #1"];
        Assert.Equal("failed", failed.GetAttribute("data-state"));
        Assert.Equal(StateColors.Of(TaskInstanceState.Failed), failed.QuerySelector("[data-testid=bar-work]")!.GetAttribute("fill"));
        Assert.Contains(StateColors.Glyph(TaskInstanceState.Failed), failed.TextContent, StringComparison.Ordinal);
        Assert.Equal("dags/ui_flaky/runs/manual__2024-01-01/tasks/load/tries/1", failed.QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal(StateColors.Of(TaskInstanceState.Success), bars["load #2"].QuerySelector("[data-testid=bar-work]")!.GetAttribute("fill"));
        Assert.True(Number(bars["load #2"].QuerySelector("[data-testid=bar-work]")!, "x") > Number(failed.QuerySelector("[data-testid=bar-work]")!, "x"));
    }

    [Fact]
    public async Task Render_RunningTry_GrowsToNowAndIsMarkedLive()
    {
        var store = await StoreAsync(("extract", 1, TaskInstanceState.Running, TimeSpan.Zero, TimeSpan.Zero));

        await using var context = new BunitContext();
        var gantt = await RenderAsync(context, store, Start.AddSeconds(42));

        var bar = gantt.Find("[data-testid=time-bar]");
        Assert.Contains("live", bar.GetAttribute("class"), StringComparison.Ordinal);
        Assert.Contains("42s", bar.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(47_000)]
    [InlineData(10_800_000)]
    [InlineData(2_592_000_000)]
    public void Render_AxisLabels_DoNotOverlap(long spanMs)
    {
        var bars = new[]
        {
            new TimeBar("a", "success", null, TimeSpan.Zero, TimeSpan.FromMilliseconds(spanMs), false) { Color = "#2e9b3e", Glyph = "x" },
        };

        using var context = new BunitContext();
        var chart = context.Render<TimeBarChart>(p => p.Add(c => c.Bars, bars).Add(c => c.TestId, "chart"));

        var ticks = chart.FindAll("[data-testid=time-tick]").Select(t => (X: Number(t, "x"), Width: TimeAxis.LabelWidth(t.TextContent))).ToList();
        Assert.True(ticks.Count >= 2);
        for (var i = 1; i < ticks.Count; i++)
        {
            Assert.True(ticks[i - 1].X + (ticks[i - 1].Width / 2) < ticks[i].X - (ticks[i].Width / 2), $"tick {i - 1} and {i} overlap for {spanMs} ms");
        }
    }
}
