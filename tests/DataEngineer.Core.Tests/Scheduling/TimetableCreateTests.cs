using DataEngineer.Core.Scheduling;
using Xunit;

namespace DataEngineer.Core.Tests.Scheduling;

public class TimetableCreateTests
{
    private static readonly DateTime Jan1 = new(2024, 1, 1);

    [Theory]
    [InlineData("@hourly", "0 * * * *")]
    [InlineData("@daily", "0 0 * * *")]
    [InlineData("@weekly", "0 0 * * 0")]
    [InlineData("@monthly", "0 0 1 * *")]
    [InlineData("@yearly", "0 0 1 1 *")]
    [InlineData("@annually", "0 0 1 1 *")]
    [InlineData("@DAILY", "0 0 * * *")]
    public void Create_Preset_CronTimetableWithExpansion(string preset, string cron)
    {
        var timetable = Assert.IsType<CronTimetable>(Timetable.Create(preset, "UTC", Jan1, null));

        Assert.Equal(cron, timetable.Expression.Text);
        Assert.Equal(preset, timetable.Schedule);
    }

    [Fact]
    public void Create_Cron_KeepsScheduleZoneAndDates()
    {
        var timetable = Timetable.Create("0 2 * * *", "Europe/Amsterdam", Jan1, new DateTime(2024, 7, 1, 0, 0, 0, DateTimeKind.Utc));

        Assert.IsType<CronTimetable>(timetable);
        Assert.Equal("0 2 * * *", timetable.Schedule);
        Assert.Equal("Europe/Amsterdam", timetable.TimeZone.Id);
        Assert.Equal("2023-12-31T23:00:00Z", Iso.Format(timetable.Start));
        Assert.Equal("2024-07-01T00:00:00Z", Iso.Format(timetable.End));
    }

    [Fact]
    public void Create_Once_OnceTimetable()
    {
        var timetable = Timetable.Create("@once", "UTC", Jan1, null);

        Assert.IsType<OnceTimetable>(timetable);
        Assert.Equal("@once (UTC)", timetable.Description);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Create_NoSchedule_ManualWithoutStartDate(string? schedule)
    {
        var timetable = Timetable.Create(schedule, "UTC", null, null);

        Assert.IsType<ManualTimetable>(timetable);
        Assert.Null(timetable.Schedule);
        Assert.Equal("manual", timetable.Description);
    }

    [Theory]
    [InlineData("0 2 * * *", "UTC", "0 2 * * * (UTC)")]
    [InlineData("@daily", "Europe/Amsterdam", "@daily (Europe/Amsterdam)")]
    public void Description_Cron_ScheduleAndZone(string schedule, string zone, string description)
    {
        Assert.Equal(description, Timetable.Create(schedule, zone, Jan1, null).Description);
    }

    [Fact]
    public void Create_UnknownPreset_ListsValidPresets()
    {
        var error = Assert.Throws<ScheduleException>(() => Timetable.Create("@fortnightly", "UTC", Jan1, null));

        Assert.Equal(
            "Unknown schedule preset '@fortnightly'. Valid presets: @once, @hourly, @daily, @weekly, @monthly, "
            + "@yearly, @annually; or use a 5-field cron expression such as '0 2 * * *'.",
            error.Message);
    }

    [Fact]
    public void Create_BadCron_ThrowsCronMessage()
    {
        var error = Assert.Throws<ScheduleException>(() => Timetable.Create("0 25 * * *", "UTC", Jan1, null));

        Assert.StartsWith("Invalid cron expression '0 25 * * *': hour field '25' is out of range 0-23.", error.Message);
    }

    [Theory]
    [InlineData("Mars/Olympus")]
    [InlineData("")]
    public void Create_UnknownTimeZone_SuggestsIanaName(string zone)
    {
        var error = Assert.Throws<ScheduleException>(() => Timetable.Create("0 2 * * *", zone, Jan1, null));

        Assert.Equal($"Unknown time zone '{zone}'. Use an IANA name such as 'UTC' or 'Europe/Amsterdam'.", error.Message);
    }

    [Theory]
    [InlineData("0 2 * * *")]
    [InlineData("@once")]
    public void Create_ScheduleWithoutStartDate_Throws(string schedule)
    {
        var error = Assert.Throws<ScheduleException>(() => Timetable.Create(schedule, "UTC", null, null));

        Assert.Equal(
            $"Schedule '{schedule}' needs a start date: set StartDate in the DAG's options, e.g. StartDate = new DateTime(2024, 1, 1).",
            error.Message);
    }

    [Fact]
    public void Create_EndBeforeStart_Throws()
    {
        var error = Assert.Throws<ScheduleException>(() => Timetable.Create("0 2 * * *", "UTC", Jan1, new DateTime(2023, 12, 31)));

        Assert.Equal(
            "End date 2023-12-31T00:00:00Z is before start date 2024-01-01T00:00:00Z; no interval could run. "
            + "Move the end date after the start date or remove it.",
            error.Message);
    }

    [Fact]
    public void Create_StartDateDefault_ThrowsOutOfRange()
    {
        var error = Assert.Throws<ScheduleException>(() => Timetable.Create("0 2 * * *", "UTC", default(DateTime), null));

        Assert.Equal(
            "Start date 0001-01-01T00:00:00 is out of range: use a date between the years 1900 and 9998.", error.Message);
    }

    [Fact]
    public void Create_UtcStartDate_TakenAsInstant()
    {
        var timetable = Timetable.Create("0 2 * * *", "Asia/Kolkata", new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc), null);

        Assert.Equal("2024-01-01T00:00:00Z", Iso.Format(timetable.Start));
    }

    [Theory]
    [InlineData(DateTimeKind.Unspecified)]
    [InlineData(DateTimeKind.Local)]
    public void Create_NonUtcStartDate_WallClockInZone(DateTimeKind kind)
    {
        var timetable = Timetable.Create("0 2 * * *", "Asia/Kolkata", new DateTime(2024, 1, 1, 0, 0, 0, kind), null);

        Assert.Equal("2023-12-31T18:30:00Z", Iso.Format(timetable.Start));
    }

    [Fact]
    public void Create_StartDateInSpringGap_MovesToTransition()
    {
        var timetable = Timetable.Create("0 * * * *", "America/New_York", new DateTime(2024, 3, 10, 2, 30, 0), null);

        Assert.Equal("2024-03-10T07:00:00Z", Iso.Format(timetable.Start));
    }

    [Fact]
    public void Create_StartDateInRepeatedHour_FirstOccurrence()
    {
        var timetable = Timetable.Create("0 * * * *", "America/New_York", new DateTime(2024, 11, 3, 1, 30, 0), null);

        Assert.Equal("2024-11-03T05:30:00Z", Iso.Format(timetable.Start));
    }
}
