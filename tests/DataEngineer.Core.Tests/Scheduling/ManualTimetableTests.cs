using DataEngineer.Core.Scheduling;
using DataEngineer.Sdk;
using Xunit;

namespace DataEngineer.Core.Tests.Scheduling;

public class ManualTimetableTests
{
    private static readonly DateTimeOffset Now = Iso.At("2024-06-01T00:00:00Z");

    private readonly Timetable _manual = Timetable.Create(null, "UTC", new DateTime(2024, 1, 1), null);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void NextInterval_Manual_Null(bool catchup)
    {
        Assert.Null(_manual.NextInterval(null, Now, catchup));
        Assert.Null(_manual.NextInterval(new DataInterval(Now, Now), Now, catchup));
    }

    [Fact]
    public void IntervalsBetween_Manual_None()
    {
        Assert.Empty(_manual.IntervalsBetween(Iso.At("2024-01-01T00:00:00Z"), Now));
    }

    [Fact]
    public void ManualInterval_DateWithOffset_EmptyIntervalAtDateInUtc()
    {
        var interval = _manual.ManualInterval(Iso.At("2024-05-05T12:00:00+02:00"));

        Assert.Equal("[2024-05-05T10:00:00Z, 2024-05-05T10:00:00Z)", interval.ToString());
        Assert.Equal(TimeSpan.Zero, interval.Start.Offset);
    }

    [Fact]
    public void NextFireAfter_Manual_Null()
    {
        Assert.Null(_manual.NextFireAfter(Now));
    }
}
