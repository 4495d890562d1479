using DataEngineer.Core.Scheduling;
using Xunit;

namespace DataEngineer.Core.Tests.Scheduling;

public class CronExpressionPreviousTests
{
    [Fact]
    public void PreviousAtOrBefore_OnAFireTime_ReturnsIt()
    {
        var cron = CronExpression.Parse("0 2 * * *");

        Assert.Equal("2024-01-05T02:00:00Z", Iso.Format(cron.PreviousAtOrBefore(Iso.At("2024-01-05T02:00:00Z"), TimeZoneInfo.Utc)));
    }

    [Fact]
    public void PreviousAtOrBefore_BetweenFires_ReturnsEarlierOne()
    {
        var cron = CronExpression.Parse("0 2 * * *");

        Assert.Equal("2024-01-04T02:00:00Z", Iso.Format(cron.PreviousAtOrBefore(Iso.At("2024-01-05T01:59:59Z"), TimeZoneInfo.Utc)));
    }

    [Fact]
    public void PreviousAtOrBefore_VixieOr_FindsTheThirteenth()
    {
        var cron = CronExpression.Parse("0 0 13 * 5");

        // 2024-01-13 is a Saturday; the Friday before it is the 12th.
        Assert.Equal("2024-01-13T00:00:00Z", Iso.Format(cron.PreviousAtOrBefore(Iso.At("2024-01-18T00:00:00Z"), TimeZoneInfo.Utc)));
    }

    [Fact]
    public void PreviousAtOrBefore_LeapDay_FourYearsBack()
    {
        var cron = CronExpression.Parse("0 0 29 2 *");

        Assert.Equal("2024-02-29T00:00:00Z", Iso.Format(cron.PreviousAtOrBefore(Iso.At("2028-02-28T00:00:00Z"), TimeZoneInfo.Utc)));
    }

    [Fact]
    public void PreviousAtOrBefore_RepeatedHourWildcard_SecondOccurrence()
    {
        var cron = CronExpression.Parse("0 * * * *");

        // 06:30Z is 01:30 EST, after the clock went back; the last fire is 01:00 EST.
        Assert.Equal(
            "2024-11-03T06:00:00Z",
            Iso.Format(cron.PreviousAtOrBefore(Iso.At("2024-11-03T06:30:00Z"), Iso.Zone("America/New_York"))));
    }

    [Fact]
    public void PreviousAtOrBefore_SkippedFixedSlot_IsTheTransition()
    {
        var cron = CronExpression.Parse("30 2 * * *");

        Assert.Equal(
            "2024-03-10T07:00:00Z",
            Iso.Format(cron.PreviousAtOrBefore(Iso.At("2024-03-10T12:00:00Z"), Iso.Zone("America/New_York"))));
    }

    [Fact]
    public void PreviousAtOrBefore_NearStartOfCalendar_Null()
    {
        var cron = CronExpression.Parse("0 0 29 2 *");

        Assert.Null(cron.PreviousAtOrBefore(Iso.At("0003-01-01T00:00:00Z"), TimeZoneInfo.Utc));
    }
}
