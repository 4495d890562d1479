using DataEngineer.Core.Scheduling;
using DataEngineer.Sdk;
using Xunit;

namespace DataEngineer.Core.Tests.Scheduling;

public class OnceTimetableTests
{
    private static readonly DateTimeOffset Now = Iso.At("2024-06-01T00:00:00Z");

    private readonly Timetable _once = Timetable.Create("@once", "Europe/London", new DateTime(2024, 3, 1, 9, 0, 0), null);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void NextInterval_NoRunYet_EmptyIntervalAtStart(bool catchup)
    {
        Assert.Equal("[2024-03-01T09:00:00Z, 2024-03-01T09:00:00Z)", _once.NextInterval(null, Now, catchup).ToString());
    }

    [Fact]
    public void NextInterval_AlreadyRan_Null()
    {
        var last = new DataInterval(Iso.At("2024-03-01T09:00:00Z"), Iso.At("2024-03-01T09:00:00Z"));

        Assert.Null(_once.NextInterval(last, Now, catchup: true));
    }

    [Fact]
    public void IntervalsBetween_StartInRange_OneInterval()
    {
        var intervals = _once.IntervalsBetween(Iso.At("2024-03-01T00:00:00Z"), Iso.At("2024-03-01T09:00:00Z"));

        Assert.Equal("[2024-03-01T09:00:00Z, 2024-03-01T09:00:00Z)", Assert.Single(intervals).ToString());
    }

    [Fact]
    public void IntervalsBetween_StartOutOfRange_None()
    {
        Assert.Empty(_once.IntervalsBetween(Iso.At("2024-03-01T09:00:01Z"), Iso.At("2024-04-01T00:00:00Z")));
    }

    [Fact]
    public void ManualInterval_Date_EmptyIntervalAtDate()
    {
        Assert.Equal("[2024-05-05T10:00:00Z, 2024-05-05T10:00:00Z)", _once.ManualInterval(Iso.At("2024-05-05T10:00:00Z")).ToString());
    }

    [Fact]
    public void NextFireAfter_Once_Null()
    {
        Assert.Null(_once.NextFireAfter(Now));
    }
}
