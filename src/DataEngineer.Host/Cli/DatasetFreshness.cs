using System.Globalization;
using DataEngineer.Core.Storage;

namespace DataEngineer.Host.Cli;

/// <summary>A dataset's age and SLA state as the CLI shows them: none (no SLA), ok, or breached.</summary>
internal sealed record DatasetFreshness(TimeSpan Age, string SlaState)
{
    public static DatasetFreshness Of(DatasetRecord dataset, DateTimeOffset now)
    {
        var age = now - dataset.FreshAsOf;
        var state = dataset.FreshnessSla is not { } sla ? "none" : dataset.BreachedSince is not null || age > sla ? "breached" : "ok";
        return new DatasetFreshness(age, state);
    }

    public static string Describe(TimeSpan span) => span switch
    {
        { TotalDays: >= 2 } => $"{span.TotalDays.ToString("0.#", CultureInfo.InvariantCulture)} d",
        { TotalHours: >= 1 } => $"{span.TotalHours.ToString("0.#", CultureInfo.InvariantCulture)} h",
        _ => $"{Math.Max(0, span.TotalMinutes).ToString("0", CultureInfo.InvariantCulture)} min",
    };
}
