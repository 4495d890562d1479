// TEMPORARY stub until the scheduling helper delivers; delete.
using DataEngineer.Sdk;
namespace DataEngineer.Core.Scheduling;
public sealed class ScheduleException(string m) : Exception(m);
public abstract class Timetable
{
    public static Timetable Create(string? schedule, string timeZone, DateTime? startDate, DateTime? endDate) => throw new NotImplementedException();
    public abstract DataInterval ManualInterval(DateTimeOffset date);
    public abstract string Description { get; }
    public abstract DateTimeOffset? NextFireAfter(DateTimeOffset after);
}
