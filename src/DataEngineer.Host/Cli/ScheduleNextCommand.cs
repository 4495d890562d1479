using System.CommandLine;
using System.Globalization;
using DataEngineer.Core.Scheduling;

namespace DataEngineer.Host.Cli;

/// <summary><c>schedule next "&lt;cron or preset&gt;" [--tz ZONE] [--after ISO] [-n N]</c>: the next fire instants, in UTC.</summary>
internal static class ScheduleNextCommand
{
    public static Command Create(CliEnvironment env)
    {
        var schedule = new Argument<string>("schedule") { Description = "A 5-field cron expression such as \"0 2 * * *\", or a preset such as @daily." };
        var zone = new Option<string>("--tz") { Description = "IANA time zone the schedule is read in.", DefaultValueFactory = _ => "UTC" };
        var after = new Option<string?>("--after") { Description = "Start after this ISO 8601 instant (default: now)." };
        var count = new Option<int>("-n") { Description = "How many fire times to print.", DefaultValueFactory = _ => 5 };
        var command = new Command("next", "Print the next fire times of a schedule, one ISO 8601 UTC instant per line.") { schedule, zone, after, count };
        command.SetAction(result =>
        {
            var n = result.GetValue(count);
            if (n is < 1 or > 10_000)
            {
                throw new CliError($"-n {n}: give a count between 1 and 10000.");
            }

            Timetable timetable;
            try
            {
                timetable = Timetable.Create(result.GetValue(schedule), result.GetValue(zone)!, DateTime.UnixEpoch, null);
            }
            catch (ScheduleException e)
            {
                throw new CliError(e.Message);
            }

            var cursor = ParseAfter(result.GetValue(after));
            for (var i = 0; i < n; i++)
            {
                var next = timetable.NextFireAfter(cursor);
                if (next is null)
                {
                    if (i == 0)
                    {
                        throw new CliError($"'{result.GetValue(schedule)}' has no recurring fire times (@once and manual schedules fire only on their start date or on trigger).");
                    }

                    break;
                }

                env.Out.WriteLine(next.Value.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
                cursor = next.Value;
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static DateTimeOffset ParseAfter(string? text)
    {
        if (text is null)
        {
            return DateTimeOffset.UtcNow;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? value.ToUniversalTime()
            : throw new CliError($"--after '{text}' is not an ISO 8601 instant; use e.g. 2024-01-01T00:00:00Z.");
    }
}
