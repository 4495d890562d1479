using Bunit;
using DataEngineer.Core.States;
using DataEngineer.Testing;
using DataEngineer.Testing.Writes;
using DataEngineer.Ui.Pages;
using Xunit;

namespace DataEngineer.Ui.Tests.Components;

/// <summary>
/// The Datasets page over the PostgreSQL store after a real engine run: every kind of write (SQL task Writes, SCD2, partition
/// load, swap) is listed with its rows, and the dataset the DAG declares but nothing wrote says "never written".
/// </summary>
public sealed class DatasetsListTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task List_AfterARealRun_ShowsEveryKindOfWrite_AndNeverWritten()
    {
        await using var engine = await WritesEngine.StartAsync(database.ConnectionString);
        Assert.Equal(DagRunState.Success, (await engine.RunDayAsync(0)).Run.State);
        await using var context = new BunitContext();
        UiPageContext.Add(context, engine.Store, [engine.Graph], TimeProvider.System);

        var page = context.Render<DatasetsPage>();
        page.WaitForAssertion(() => Assert.Equal(5, page.FindAll("[data-testid=dataset-table] tbody tr").Count), TimeSpan.FromSeconds(30)); // PostgreSQL answers asynchronously

        var rows = new Dictionary<string, string> { ["wr.daily"] = "24", ["wr.dim_customers"] = "6", ["wr.events"] = "7", ["wr.payments"] = "3" };
        foreach (var (name, count) in rows)
        {
            Assert.Equal(count, page.Find($"[data-testid='rows-{name}']").TextContent);
            Assert.NotEqual("never written", page.Find($"[data-testid='freshness-{name}']").GetAttribute("data-level"));
        }

        var never = WritesEngineDag.NeverWritten.Name;
        Assert.Equal("never written", page.Find($"[data-testid='freshness-{never}']").TextContent);
        Assert.Equal($"datasets/{never}", page.Find($"[data-testid='dataset-{never}'] a").GetAttribute("href"));
    }
}
