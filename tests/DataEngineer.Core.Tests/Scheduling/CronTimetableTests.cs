using DataEngineer.Core.Scheduling;
using DataEngineer.Sdk;
using Xunit;

namespace DataEngineer.Core.Tests.Scheduling;

public class CronTimetableTests
{
    private static readonly DateTimeOffset Now = Iso.At("2024-01-10T12:00:00Z");

    [Fact]
    public void NextInterval_CatchupFirstRun_FirstFireAfterStart()
    {
        var next = Daily().NextInterval(null, Now, catchup: true);

        Assert.Equal("[2024-01-01T02:00:00Z, 2024-01-02T02:00:00Z)", next.ToString());
    }

    [Fact]
    public void NextInterval_CatchupAfterLast_StartsAtLastEnd()
    {
        var last = Interval("2024-01-01T02:00:00Z", "2024-01-02T02:00:00Z");

        var next = Daily().NextInterval(last, Now, catchup: true);

        Assert.Equal("[2024-01-02T02:00:00Z, 2024-01-03T02:00:00Z)", next.ToString());
    }

    [Fact]
    public void NextInterval_CatchupOverAYear_CreatesEveryInterval()
    {
        var timetable = Daily();
        var now = Iso.At("2025-01-01T02:00:00Z");
        var intervals = new List<DataInterval>();
        DataInterval? last = null;
        while (timetable.NextInterval(last, now, catchup: true) is { } next && next.End <= now)
        {
            intervals.Add(next);
            last = next;
        }

        Assert.Equal(366, intervals.Count);
        Assert.Equal("[2024-12-31T02:00:00Z, 2025-01-01T02:00:00Z)", intervals[^1].ToString());
    }

    [Fact]
    public void NextInterval_StartNotOnSchedule_AlignsForward()
    {
        var timetable = Timetable.Create("0 2 * * *", "UTC", new DateTime(2024, 1, 1, 5, 0, 0, DateTimeKind.Utc), null);

        var next = timetable.NextInterval(null, Now, catchup: true);

        Assert.Equal("[2024-01-02T02:00:00Z, 2024-01-03T02:00:00Z)", next.ToString());
    }

    [Fact]
    public void NextInterval_NoCatchupFirstRun_LatestCompleteInterval()
    {
        var next = Daily().NextInterval(null, Now, catchup: false);

        Assert.Equal("[2024-01-09T02:00:00Z, 2024-01-10T02:00:00Z)", next.ToString());
    }

    [Fact]
    public void NextInterval_NoCatchupNowOnBoundary_IntervalEndingNow()
    {
        var next = Daily().NextInterval(null, Iso.At("2024-01-10T02:00:00Z"), catchup: false);

        Assert.Equal("[2024-01-09T02:00:00Z, 2024-01-10T02:00:00Z)", next.ToString());
    }

    [Fact]
    public void NextInterval_NoCatchupLastLongAgo_SkipsToLatestComplete()
    {
        var last = Interval("2024-01-02T02:00:00Z", "2024-01-03T02:00:00Z");

        var next = Daily().NextInterval(last, Now, catchup: false);

        Assert.Equal("[2024-01-09T02:00:00Z, 2024-01-10T02:00:00Z)", next.ToString());
    }

    [Fact]
    public void NextInterval_NoCatchupLastIsLatestComplete_NextEndsInFuture()
    {
        var last = Interval("2024-01-09T02:00:00Z", "2024-01-10T02:00:00Z");

        var next = Daily().NextInterval(last, Now, catchup: false);

        Assert.Equal("[2024-01-10T02:00:00Z, 2024-01-11T02:00:00Z)", next.ToString());
    }

    [Fact]
    public void NextInterval_NoCatchupStartInFuture_FirstIntervalAfterStart()
    {
        var timetable = Timetable.Create("0 2 * * *", "UTC", new DateTime(2024, 2, 1), null);

        var next = timetable.NextInterval(null, Now, catchup: false);

        Assert.Equal("[2024-02-01T02:00:00Z, 2024-02-02T02:00:00Z)", next.ToString());
    }

    [Fact]
    public void NextInterval_LastOffScheduleAfterScheduleChange_AlignsBack()
    {
        // The schedule used to fire at midnight; the next interval covers from the 02:00 before it.
        var last = Interval("2024-01-04T00:00:00Z", "2024-01-05T00:00:00Z");

        var next = Daily().NextInterval(last, Now, catchup: true);

        Assert.Equal("[2024-01-04T02:00:00Z, 2024-01-05T02:00:00Z)", next.ToString());
    }

    [Fact]
    public void NextInterval_StartAtEndDate_StillCreated()
    {
        var timetable = Timetable.Create("0 2 * * *", "UTC", new DateTime(2024, 1, 1), new DateTime(2024, 1, 5, 2, 0, 0));
        var last = Interval("2024-01-04T02:00:00Z", "2024-01-05T02:00:00Z");

        var next = timetable.NextInterval(last, Now, catchup: true);

        Assert.Equal("[2024-01-05T02:00:00Z, 2024-01-06T02:00:00Z)", next.ToString());
    }

    [Fact]
    public void NextInterval_StartAfterEndDate_Null()
    {
        var timetable = Timetable.Create("0 2 * * *", "UTC", new DateTime(2024, 1, 1), new DateTime(2024, 1, 5, 2, 0, 0));
        var last = Interval("2024-01-05T02:00:00Z", "2024-01-06T02:00:00Z");

        Assert.Null(timetable.NextInterval(last, Now, catchup: true));
        Assert.Null(timetable.NextInterval(last, Now, catchup: false));
    }

    [Fact]
    public void NextInterval_NoCatchupPastEndDate_Null()
    {
        var timetable = Timetable.Create("0 2 * * *", "UTC", new DateTime(2024, 1, 1), new DateTime(2024, 1, 3));

        Assert.Null(timetable.NextInterval(null, Now, catchup: false));
    }

    [Fact]
    public void NextInterval_DailyInAmsterdamOverSpringForward_TwentyThreeHourInterval()
    {
        var timetable = Timetable.Create("@daily", "Europe/Amsterdam", new DateTime(2024, 3, 30), null);
        var first = timetable.NextInterval(null, Now, catchup: true);

        var second = timetable.NextInterval(first, Now, catchup: true);

        Assert.Equal("[2024-03-29T23:00:00Z, 2024-03-30T23:00:00Z)", first.ToString());
        Assert.Equal("[2024-03-30T23:00:00Z, 2024-03-31T22:00:00Z)", second.ToString());
    }

    [Fact]
    public void IntervalsBetween_ThirtyDays_ThirtyDailyIntervals()
    {
        var intervals = Daily().IntervalsBetween(Iso.At("2024-01-01T00:00:00Z"), Iso.At("2024-01-31T00:00:00Z"));

        Assert.Equal(30, intervals.Count);
        Assert.Equal("[2024-01-01T02:00:00Z, 2024-01-02T02:00:00Z)", intervals[0].ToString());
        Assert.Equal("[2024-01-30T02:00:00Z, 2024-01-31T02:00:00Z)", intervals[^1].ToString());
        Assert.All(intervals.Zip(intervals.Skip(1)), pair => Assert.Equal(pair.First.End, pair.Second.Start));
    }

    [Fact]
    public void IntervalsBetween_ToOnAFireTime_IncludesIntervalStartingThere()
    {
        var intervals = Daily().IntervalsBetween(Iso.At("2024-01-01T02:00:00Z"), Iso.At("2024-01-03T02:00:00Z"));

        Assert.Equal(
            ["2024-01-01T02:00:00Z", "2024-01-02T02:00:00Z", "2024-01-03T02:00:00Z"],
            intervals.Select(i => Iso.Format(i.Start)));
    }

    [Fact]
    public void IntervalsBetween_RangeBeyondStartAndEnd_BoundedByThem()
    {
        var timetable = Timetable.Create("0 2 * * *", "UTC", new DateTime(2024, 1, 10), new DateTime(2024, 1, 12, 2, 0, 0));

        var intervals = timetable.IntervalsBetween(Iso.At("2024-01-01T00:00:00Z"), Iso.At("2024-02-01T00:00:00Z"));

        Assert.Equal(
            ["2024-01-10T02:00:00Z", "2024-01-11T02:00:00Z", "2024-01-12T02:00:00Z"],
            intervals.Select(i => Iso.Format(i.Start)));
    }

    [Fact]
    public void IntervalsBetween_EveryMinuteForADay_1440Intervals()
    {
        var timetable = Timetable.Create("* * * * *", "Europe/Amsterdam", new DateTime(2024, 1, 1), null);

        var intervals = timetable.IntervalsBetween(Iso.At("2024-03-05T00:00:00Z"), Iso.At("2024-03-05T23:59:00Z"));

        Assert.Equal(1440, intervals.Count);
        Assert.Equal("[2024-03-05T23:59:00Z, 2024-03-06T00:00:00Z)", intervals[^1].ToString());
    }

    [Fact]
    public void IntervalsBetween_EmptyRange_None()
    {
        Assert.Empty(Daily().IntervalsBetween(Iso.At("2024-01-05T03:00:00Z"), Iso.At("2024-01-06T01:00:00Z")));
    }

    [Fact]
    public void ManualInterval_DateBeforeFireTime_AlignsForward()
    {
        var interval = Daily().ManualInterval(Iso.At("2024-01-01T00:00:00Z"));

        Assert.Equal("[2024-01-01T02:00:00Z, 2024-01-02T02:00:00Z)", interval.ToString());
    }

    [Fact]
    public void ManualInterval_DateOnFireTime_StartsThere()
    {
        var interval = Daily().ManualInterval(Iso.At("2024-01-03T02:00:00Z"));

        Assert.Equal("[2024-01-03T02:00:00Z, 2024-01-04T02:00:00Z)", interval.ToString());
    }

    [Fact]
    public void ManualInterval_BeforeStartDate_StillAligned()
    {
        var interval = Daily().ManualInterval(Iso.At("2023-06-01T03:00:00Z"));

        Assert.Equal("[2023-06-02T02:00:00Z, 2023-06-03T02:00:00Z)", interval.ToString());
    }

    [Fact]
    public void NextFireAfter_Cron_NextFireInZone()
    {
        var timetable = Timetable.Create("0 2 * * *", "America/New_York", new DateTime(2024, 1, 1), null);

        Assert.Equal("2024-01-11T07:00:00Z", Iso.Format(timetable.NextFireAfter(Now)));
    }

    private static Timetable Daily() => Timetable.Create("0 2 * * *", "UTC", new DateTime(2024, 1, 1), null);

    private static DataInterval Interval(string start, string end) => new(Iso.At(start), Iso.At(end));
}
