using DataEngineer.Core.Execution;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Validation;
using DataEngineer.Dags.SalesReport;
using DataEngineer.Sdk;
using Xunit;

namespace DataEngineer.Dags.Tests;

/// <summary>sales_report run end to end on the real engine with the in-memory store.</summary>
public class SalesReportDagTests
{
    private static async Task<(RunSnapshot Run, InMemoryMetadataStore Store)> RunAsync(DateTimeOffset date)
    {
        var graph = DagValidator.Validate(new SalesReportDag().Build());
        var store = new InMemoryMetadataStore();
        var (run, tasks) = DagRunFactory.Create(graph, DagRunType.Manual, graph.Timetable.ManualInterval(date), RunConf.Empty, DateTimeOffset.UtcNow);
        await store.CreateRunAsync(run, tasks);
        var final = await new LocalDagRunner(store, TimeProvider.System, new TaskRuntimeOptions()).RunAsync(graph, run.Key);
        return (final, store);
    }

    [Fact]
    public async Task Run_OnAMonday_RunsTheWeeklyReportAndSkipsTheDaily()
    {
        var (run, store) = await RunAsync(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal(DagRunState.Success, run.Run.State);
        Assert.Equal(TaskInstanceState.Success, run.Tasks["weekly_report"].State);
        Assert.Equal(TaskInstanceState.Skipped, run.Tasks["daily_report"].State);
        Assert.Equal(TaskInstanceState.Success, run.Tasks["publish_report"].State);
        Assert.Equal(TaskInstanceState.Skipped, run.Tasks["alert_on_failure"].State);
        Assert.Equal(TaskInstanceState.Success, run.Tasks["cleanup"].State);
        var weekly = await store.GetXComAsync(run.Run.Key, "weekly_report", XComKeys.ReturnValue);
        Assert.Contains("\"period\":\"week\"", weekly!.Json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_OnATuesday_RunsTheDailyReport()
    {
        var (run, _) = await RunAsync(new DateTimeOffset(2024, 1, 2, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal(TaskInstanceState.Success, run.Tasks["daily_report"].State);
        Assert.Equal(TaskInstanceState.Skipped, run.Tasks["weekly_report"].State);
        Assert.Equal(1, run.Tasks["publish_report"].RowsWritten);
    }
}
