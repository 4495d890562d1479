using DataEngineer.Core.Scheduling;
using Xunit;

namespace DataEngineer.Core.Tests.Scheduling;

public class CronExpressionNextAfterTests
{
    [Fact]
    public void NextAfter_EveryMinute_NextWholeMinute()
    {
        Assert.Equal(
            ["2024-01-01T00:01:00Z", "2024-01-01T00:02:00Z"],
            CronFires.After("* * * * *", "UTC", "2024-01-01T00:00:30Z", 2));
    }

    [Fact]
    public void NextAfter_OnAFireTime_IsStrictlyAfter()
    {
        var cron = CronExpression.Parse("0 2 * * *");

        var next = cron.NextAfter(Iso.At("2024-01-01T02:00:00Z"), TimeZoneInfo.Utc);

        Assert.Equal("2024-01-02T02:00:00Z", Iso.Format(next));
        Assert.Equal(TimeSpan.Zero, next!.Value.Offset);
    }

    [Fact]
    public void NextAfter_InputWithOffset_ReturnsUtc()
    {
        var cron = CronExpression.Parse("0 2 * * *");

        var next = cron.NextAfter(Iso.At("2024-01-01T05:00:00+02:00"), TimeZoneInfo.Utc);

        Assert.Equal("2024-01-02T02:00:00Z", Iso.Format(next));
    }

    [Fact]
    public void NextAfter_MinuteStep_EveryQuarterHour()
    {
        Assert.Equal(
            ["2024-01-01T00:15:00Z", "2024-01-01T00:30:00Z", "2024-01-01T00:45:00Z", "2024-01-01T01:00:00Z"],
            CronFires.After("*/15 * * * *", "UTC", "2024-01-01T00:07:00Z", 4));
    }

    [Fact]
    public void NextAfter_Lists_EveryCombination()
    {
        Assert.Equal(
            ["2024-01-01T09:00:00Z", "2024-01-01T09:30:00Z", "2024-01-01T17:00:00Z", "2024-01-01T17:30:00Z", "2024-01-02T09:00:00Z"],
            CronFires.After("0,30 9,17 * * *", "UTC", "2024-01-01T00:00:00Z", 5));
    }

    [Fact]
    public void NextAfter_Range_EachHourInRange()
    {
        Assert.Equal(
            ["2024-01-01T09:00:00Z", "2024-01-01T10:00:00Z", "2024-01-01T11:00:00Z", "2024-01-02T09:00:00Z"],
            CronFires.After("0 9-11 * * *", "UTC", "2024-01-01T00:00:00Z", 4));
    }

    [Fact]
    public void NextAfter_RangeWithStep_EveryFourthHourInRange()
    {
        Assert.Equal(
            ["2024-01-01T08:00:00Z", "2024-01-01T12:00:00Z", "2024-01-01T16:00:00Z", "2024-01-02T08:00:00Z"],
            CronFires.After("0 8-18/4 * * *", "UTC", "2024-01-01T00:00:00Z", 4));
    }

    [Fact]
    public void NextAfter_StartWithStep_RunsToEndOfField()
    {
        Assert.Equal(
            ["2024-01-01T00:10:00Z", "2024-01-01T00:30:00Z", "2024-01-01T00:50:00Z", "2024-01-01T01:10:00Z"],
            CronFires.After("10/20 * * * *", "UTC", "2024-01-01T00:00:00Z", 4));
    }

    [Fact]
    public void NextAfter_StepLargerThanField_KeepsFirstValue()
    {
        Assert.Equal(
            ["2024-01-01T01:00:00Z", "2024-01-01T02:00:00Z"],
            CronFires.After("*/60 * * * *", "UTC", "2024-01-01T00:00:00Z", 2));
    }

    [Fact]
    public void NextAfter_MonthNamesAnyCase_ThoseMonths()
    {
        Assert.Equal(
            ["2024-07-01T00:00:00Z", "2025-01-01T00:00:00Z", "2025-07-01T00:00:00Z"],
            CronFires.After("0 0 1 JAN,jul *", "UTC", "2024-01-01T00:00:00Z", 3));
    }

    [Fact]
    public void NextAfter_DayNameRange_Weekdays()
    {
        // 2024-01-05 is a Friday.
        Assert.Equal(
            ["2024-01-05T12:00:00Z", "2024-01-08T12:00:00Z"],
            CronFires.After("0 12 * * mon-Fri", "UTC", "2024-01-04T13:00:00Z", 2));
    }

    [Theory]
    [InlineData("0 0 * * 7")]
    [InlineData("0 0 * * 0")]
    [InlineData("0 0 * * SUN")]
    public void NextAfter_SundayAsZeroSevenOrName_Sundays(string expression)
    {
        Assert.Equal(
            ["2024-01-07T00:00:00Z", "2024-01-14T00:00:00Z"],
            CronFires.After(expression, "UTC", "2024-01-01T00:00:00Z", 2));
    }

    [Fact]
    public void NextAfter_RangeEndingAtSeven_IncludesSunday()
    {
        Assert.Equal(
            ["2024-01-05T00:00:00Z", "2024-01-06T00:00:00Z", "2024-01-07T00:00:00Z", "2024-01-12T00:00:00Z"],
            CronFires.After("0 0 * * 5-7", "UTC", "2024-01-01T00:00:00Z", 4));
    }

    [Fact]
    public void NextAfter_DayOfWeekStep_EvenWeekdaysOnce()
    {
        // 0,2,4,6 = Sun, Tue, Thu, Sat; Sunday is not listed twice through 7.
        Assert.Equal(
            ["2024-01-02T00:00:00Z", "2024-01-04T00:00:00Z", "2024-01-06T00:00:00Z", "2024-01-07T00:00:00Z", "2024-01-09T00:00:00Z"],
            CronFires.After("0 0 * * */2", "UTC", "2024-01-01T00:00:00Z", 5));
    }

    [Fact]
    public void NextAfter_BothDayFieldsRestricted_EitherMatches()
    {
        // Vixie cron: the 13th OR a Friday.
        Assert.Equal(
            ["2024-01-05T00:00:00Z", "2024-01-12T00:00:00Z", "2024-01-13T00:00:00Z", "2024-01-19T00:00:00Z", "2024-01-26T00:00:00Z"],
            CronFires.After("0 0 13 * 5", "UTC", "2024-01-01T00:00:00Z", 5));
    }

    [Fact]
    public void NextAfter_DayOfMonthStartsWithStar_BothMustMatch()
    {
        // '*/2' counts as unrestricted for the OR rule, so this is odd days that are Fridays.
        Assert.Equal(
            ["2024-01-05T00:00:00Z", "2024-01-19T00:00:00Z", "2024-02-09T00:00:00Z", "2024-02-23T00:00:00Z"],
            CronFires.After("0 0 */2 * 5", "UTC", "2024-01-01T00:00:00Z", 4));
    }

    [Fact]
    public void NextAfter_OnlyDayOfMonthRestricted_ThatDayOnly()
    {
        Assert.Equal(
            ["2024-01-13T00:00:00Z", "2024-02-13T00:00:00Z"],
            CronFires.After("0 0 13 * *", "UTC", "2024-01-01T00:00:00Z", 2));
    }

    [Fact]
    public void NextAfter_ThirtyFirst_SkipsShortMonths()
    {
        Assert.Equal(
            ["2024-01-31T00:00:00Z", "2024-03-31T00:00:00Z", "2024-05-31T00:00:00Z"],
            CronFires.After("0 0 31 * *", "UTC", "2024-01-01T00:00:00Z", 3));
    }

    [Fact]
    public void NextAfter_LeapDay_EveryFourYears()
    {
        Assert.Equal(
            ["2024-02-29T00:00:00Z", "2028-02-29T00:00:00Z"],
            CronFires.After("0 0 29 2 *", "UTC", "2023-03-01T00:00:00Z", 2));
    }

    [Fact]
    public void NextAfter_LeapDayAcrossCentury_Skips2100()
    {
        Assert.Equal(
            ["2104-02-29T00:00:00Z"],
            CronFires.After("0 0 29 2 *", "UTC", "2096-03-01T00:00:00Z", 1));
    }

    [Fact]
    public void NextAfter_RareDayOfMonthAndWeekday_FindsItYearsAhead()
    {
        // February 1st on a Monday: 2021, then 2027.
        Assert.Equal(
            ["2027-02-01T00:00:00Z"],
            CronFires.After("0 0 */29 2 1", "UTC", "2021-02-02T00:00:00Z", 1));
    }

    [Fact]
    public void NextAfter_Kolkata_HalfHourOffset()
    {
        Assert.Equal(["2024-01-01T04:00:00Z"], CronFires.After("30 9 * * *", "Asia/Kolkata", "2024-01-01T00:00:00Z", 1));
        Assert.Equal(["2024-01-01T18:30:00Z"], CronFires.After("0 0 * * *", "Asia/Kolkata", "2024-01-01T00:00:00Z", 1));
    }

    [Fact]
    public void NextAfter_LondonSummerAndWinter_FollowsOffset()
    {
        Assert.Equal(["2024-07-01T01:00:00Z"], CronFires.After("0 2 * * *", "Europe/London", "2024-06-30T12:00:00Z", 1));
        Assert.Equal(["2024-12-01T02:00:00Z"], CronFires.After("0 2 * * *", "Europe/London", "2024-11-30T12:00:00Z", 1));
    }

    [Fact]
    public void NextAfter_LocalDayDiffersFromUtcDay_UsesLocalWeekday()
    {
        // Monday 00:30 in Kolkata is Sunday 19:00 UTC.
        Assert.Equal(
            ["2024-01-07T19:00:00Z"],
            CronFires.After("30 0 * * MON", "Asia/Kolkata", "2024-01-02T00:00:00Z", 1));
    }

    [Fact]
    public void NextAfter_NearEndOfCalendar_Null()
    {
        var cron = CronExpression.Parse("0 0 29 2 *");

        Assert.Null(cron.NextAfter(Iso.At("9997-01-01T00:00:00Z"), TimeZoneInfo.Utc));
    }
}
