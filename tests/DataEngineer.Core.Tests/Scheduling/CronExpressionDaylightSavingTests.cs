using Xunit;

namespace DataEngineer.Core.Tests.Scheduling;

/// <summary>
/// New York: 2024-03-10 02:00 EST jumps to 03:00 EDT (07:00Z); 2024-11-03 02:00 EDT goes back to
/// 01:00 EST (06:00Z). London: 2024-03-31 01:00 GMT jumps to 02:00 BST (01:00Z); 2024-10-27 02:00 BST
/// goes back to 01:00 GMT (01:00Z). Lord Howe moves by 30 minutes: 2024-10-06 02:00 +10:30 jumps to
/// 02:30 +11 (2024-10-05T15:30Z); 2024-04-07 02:00 +11 goes back to 01:30 +10:30 (2024-04-06T15:00Z).
/// </summary>
public class CronExpressionDaylightSavingTests
{
    [Fact]
    public void NextAfter_FixedHourInSpringGap_FiresOnceAtTransition()
    {
        Assert.Equal(
            ["2024-03-09T07:30:00Z", "2024-03-10T07:00:00Z", "2024-03-11T06:30:00Z"],
            CronFires.After("30 2 * * *", "America/New_York", "2024-03-09T00:00:00Z", 3));
    }

    [Fact]
    public void NextAfter_TwoFixedHoursMeetingAtTransition_FireOnce()
    {
        // 02:00 is skipped and moves to 03:00 EDT, which is also the 03:00 slot: one fire, not two.
        Assert.Equal(
            ["2024-03-10T07:00:00Z", "2024-03-11T06:00:00Z", "2024-03-11T07:00:00Z"],
            CronFires.After("0 2,3 * * *", "America/New_York", "2024-03-09T09:00:00Z", 3));
    }

    [Fact]
    public void NextAfter_SeveralFixedSlotsInGap_FireOnce()
    {
        Assert.Equal(
            ["2024-03-10T06:45:00Z", "2024-03-10T07:00:00Z", "2024-03-11T05:15:00Z"],
            CronFires.After("15,45 1,2 * * *", "America/New_York", "2024-03-10T06:20:00Z", 3));
    }

    [Fact]
    public void NextAfter_WildcardQuarterHoursInSpringGap_NoSlotsInMissingHour()
    {
        Assert.Equal(
            ["2024-03-10T06:45:00Z", "2024-03-10T07:00:00Z", "2024-03-10T07:15:00Z"],
            CronFires.After("*/15 * * * *", "America/New_York", "2024-03-10T06:30:00Z", 3));
    }

    [Fact]
    public void NextAfter_HourlyInSpringGap_SkipsMissingHour()
    {
        Assert.Equal(
            ["2024-03-10T06:00:00Z", "2024-03-10T07:00:00Z", "2024-03-10T08:00:00Z"],
            CronFires.After("0 * * * *", "America/New_York", "2024-03-10T05:30:00Z", 3));
    }

    [Fact]
    public void NextAfter_SteppedHourInSpringGap_HasNoSlot()
    {
        // '*/2' is a wildcard hour: 02:00 does not exist that day, the next slot is 04:00 EDT.
        Assert.Equal(
            ["2024-03-10T05:00:00Z", "2024-03-10T08:00:00Z"],
            CronFires.After("0 */2 * * *", "America/New_York", "2024-03-10T04:30:00Z", 2));
    }

    [Fact]
    public void NextAfter_FixedHourInRepeatedHour_FiresOnceAtFirstOccurrence()
    {
        Assert.Equal(
            ["2024-11-02T05:30:00Z", "2024-11-03T05:30:00Z", "2024-11-04T06:30:00Z"],
            CronFires.After("30 1 * * *", "America/New_York", "2024-11-02T00:00:00Z", 3));
    }

    [Fact]
    public void NextAfter_HourlyInRepeatedHour_FiresInEachRealHour()
    {
        Assert.Equal(
            ["2024-11-03T04:00:00Z", "2024-11-03T05:00:00Z", "2024-11-03T06:00:00Z", "2024-11-03T07:00:00Z"],
            CronFires.After("0 * * * *", "America/New_York", "2024-11-03T03:30:00Z", 4));
    }

    [Fact]
    public void NextAfter_HalfHourlyInRepeatedHour_FiresFourTimesInThatLocalHour()
    {
        Assert.Equal(
            ["2024-11-03T05:00:00Z", "2024-11-03T05:30:00Z", "2024-11-03T06:00:00Z", "2024-11-03T06:30:00Z", "2024-11-03T07:00:00Z"],
            CronFires.After("*/30 * * * *", "America/New_York", "2024-11-03T04:45:00Z", 5));
    }

    [Fact]
    public void NextAfter_LondonFixedHourInGap_FiresAtTwoBst()
    {
        Assert.Equal(
            ["2024-03-31T01:00:00Z", "2024-04-01T00:30:00Z"],
            CronFires.After("30 1 * * *", "Europe/London", "2024-03-30T12:00:00Z", 2));
    }

    [Fact]
    public void NextAfter_LondonFixedHourInRepeatedHour_FiresInBst()
    {
        Assert.Equal(
            ["2024-10-27T00:30:00Z", "2024-10-28T01:30:00Z"],
            CronFires.After("30 1 * * *", "Europe/London", "2024-10-26T12:00:00Z", 2));
    }

    [Fact]
    public void NextAfter_LondonHourlyOverRepeatedHour_FiresInEachRealHour()
    {
        Assert.Equal(
            ["2024-10-26T23:00:00Z", "2024-10-27T00:00:00Z", "2024-10-27T01:00:00Z", "2024-10-27T02:00:00Z"],
            CronFires.After("0 * * * *", "Europe/London", "2024-10-26T22:30:00Z", 4));
    }

    [Fact]
    public void NextAfter_LordHoweFixedSlotInHalfHourGap_FiresAtTransition()
    {
        Assert.Equal(
            ["2024-10-04T15:45:00Z", "2024-10-05T15:30:00Z", "2024-10-06T15:15:00Z"],
            CronFires.After("15 2 * * *", "Australia/Lord_Howe", "2024-10-04T00:00:00Z", 3));
    }

    [Fact]
    public void NextAfter_LordHoweQuarterHoursInGap_SkipsTwoSlots()
    {
        // 01:45 +10:30, then 02:30 +11: 02:00 and 02:15 do not exist.
        Assert.Equal(
            ["2024-10-05T15:15:00Z", "2024-10-05T15:30:00Z", "2024-10-05T15:45:00Z"],
            CronFires.After("*/15 * * * *", "Australia/Lord_Howe", "2024-10-05T15:00:00Z", 3));
    }

    [Fact]
    public void NextAfter_LordHoweQuarterHoursInRepeatedHalfHour_FireTwice()
    {
        // 01:30 and 01:45 happen at +11 and again at +10:30.
        Assert.Equal(
            ["2024-04-06T14:30:00Z", "2024-04-06T14:45:00Z", "2024-04-06T15:00:00Z", "2024-04-06T15:15:00Z", "2024-04-06T15:30:00Z"],
            CronFires.After("*/15 * * * *", "Australia/Lord_Howe", "2024-04-06T14:15:00Z", 5));
    }

    [Fact]
    public void NextAfter_LordHoweFixedSlotInRepeatedHalfHour_FiresOnce()
    {
        Assert.Equal(
            ["2024-04-06T14:45:00Z", "2024-04-07T15:15:00Z"],
            CronFires.After("45 1 * * *", "Australia/Lord_Howe", "2024-04-06T12:00:00Z", 2));
    }
}
