using DataEngineer.Core.Execution;
using DataEngineer.Core.Tests.Fixtures;
using DataEngineer.Sdk;
using Xunit;

namespace DataEngineer.Core.Tests.Execution;

/// <summary>Dates at the ends of the calendar are refused with the supported range, never an arithmetic overflow.</summary>
public sealed class LogicalDateRangeTests
{
    private sealed class DailyDag() : Dag("daily_range", new DagOptions { Schedule = "@daily", StartDate = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc) })
    {
        protected override void Define(DagBuilder dag) => dag.Task("t", _ => { });
    }

    [Theory]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("1899-12-31T23:59:59Z")]
    [InlineData("9999-12-31T23:59:59Z")]
    public async Task Trigger_DateOutsideTheRange_IsRefused_AndNoRunIsCreated(string date)
    {
        await using var harness = new EngineHarness(TimeProvider.System, new DailyDag());
        var graph = harness.Registry.Find("daily_range")!;

        var error = await Assert.ThrowsAsync<LogicalDateException>(() => ManualRuns.TriggerAsync(harness.Store, graph, null, DateTimeOffset.Parse(date, System.Globalization.CultureInfo.InvariantCulture), TimeProvider.System, CancellationToken.None));

        Assert.Equal($"The logical date {date} is outside the supported range 1900-01-01 to 9000-01-01; give a date within it.", error.Message);
        Assert.Empty(await harness.Store.ListRunsAsync("daily_range"));
    }

    [Fact]
    public async Task BackfillPlan_ToTheEndOfTheCalendar_IsRefusedNamingTheOption()
    {
        await using var harness = new EngineHarness(TimeProvider.System, new DailyDag());
        var graph = harness.Registry.Find("daily_range")!;

        var error = Assert.Throws<BackfillException>(() => Backfill.Plan(graph, new BackfillRequest("daily_range", new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), DateTimeOffset.MaxValue, Reprocess.None, 1)));

        Assert.Equal("--to 9999-12-31T23:59:59Z is outside the supported range 1900-01-01 to 9000-01-01; give a date within it.", error.Message);
    }
}
