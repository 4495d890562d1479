using Bunit;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Ui.Pages;
using Xunit;

namespace DataEngineer.Ui.Tests.Components;

/// <summary>
/// Samples and log lines stored unmasked (before the upgrade, or before the column was classified PII) are masked when
/// the run and try pages show them.
/// </summary>
public sealed class DisplayMaskingTests
{
    [Fact]
    public async Task RunPage_FailingRowSample_StoredUnmasked_ShownMasked()
    {
        await using var context = new BunitContext();
        var run = UiTestData.Run(0, DagRunState.Failed, TaskInstanceState.Failed, TaskInstanceState.UpstreamFailed);
        var store = await UiTestData.StoreWithRunsAsync(run);
        await store.RecordTryObservationsAsync(new TryObservations
        {
            Checks =
            [
                new CheckRecord
                {
                    DagId = run.Run.DagId, RunId = run.Run.RunId, TaskId = "extract", TryNumber = 1, Name = "unique_email", Kind = "unique", Severity = "error",
                    Target = "crm.customers", FailingCount = 1, SampleJson = """[{"customer_id":7,"email":"jane.doe@example.com"}]""", At = UiTestData.Day,
                },
            ],
        });
        UiPageContext.Add(context, store, [UiPiiDag.Graph], UiPageContext.Clock(UiTestData.Day.AddDays(1)));

        var page = context.Render<RunPage>(p => p.Add(x => x.DagId, run.Run.DagId).Add(x => x.RunId, run.Run.RunId));

        var sample = page.Find("[data-testid=check-sample-unique_email]").TextContent;
        Assert.Contains("j***@***.com", sample, StringComparison.Ordinal);
        Assert.DoesNotContain("jane.doe", sample, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TryPage_LogLinesStoredUnmasked_ShownMasked_ALaterMentionToo()
    {
        await using var context = new BunitContext();
        var run = UiTestData.Run(0, DagRunState.Failed, TaskInstanceState.Failed, TaskInstanceState.UpstreamFailed);
        var store = await UiTestData.StoreWithRunsAsync(run);
        await store.AppendLogAsync(run.Run.Key, "extract", 1,
        [
            new TaskLogLine(UiTestData.Day, "INFO", "loaded customer email=jane.doe@example.com"),
            new TaskLogLine(UiTestData.Day, "ERROR", "duplicate jane.doe@example.com in crm.customers"),
        ]);
        UiPageContext.Add(context, store, [UiPiiDag.Graph], UiPageContext.Clock(UiTestData.Day.AddDays(1)));

        var page = context.Render<TaskTryPage>(p => p.Add(x => x.DagId, run.Run.DagId).Add(x => x.RunId, run.Run.RunId).Add(x => x.TaskId, "extract").Add(x => x.TryNumber, 1));

        var log = page.Find("[data-testid=task-log]").TextContent;
        Assert.Contains("email=j***@***.com", log, StringComparison.Ordinal);
        Assert.Contains("duplicate j***@***.com", log, StringComparison.Ordinal);
        Assert.DoesNotContain("jane.doe", log, StringComparison.Ordinal);
    }
}
