using System.Globalization;
using DataEngineer.Core.Storage;

namespace DataEngineer.Ui.Presentation;

/// <summary>A dataset's age and how it stands against its SLA: green, amber (past 80% of it) or red.</summary>
public sealed record DatasetFreshness(TimeSpan Age, FreshnessLevel Level)
{
    /// <summary>The share of the SLA after which a dataset shows amber.</summary>
    public const double AmberShare = 0.8;

    public static DatasetFreshness Of(DatasetRecord dataset, DateTimeOffset now)
    {
        var age = now - dataset.FreshAsOf;
        var level = dataset.FreshnessSla switch
        {
            null => FreshnessLevel.NoSla,
            { } sla when dataset.BreachedSince is not null || age > sla => FreshnessLevel.Breached,
            { } sla when age > sla * AmberShare => FreshnessLevel.Ageing,
            _ => FreshnessLevel.Fresh,
        };
        return new DatasetFreshness(age, level);
    }

    public string Name => Level switch
    {
        FreshnessLevel.Fresh => "fresh",
        FreshnessLevel.Ageing => "ageing",
        FreshnessLevel.Breached => "breached",
        _ => "no SLA",
    };

    public string Color => Level switch
    {
        FreshnessLevel.Fresh => "#2e9b3e",
        FreshnessLevel.Ageing => "#ffa000",
        FreshnessLevel.Breached => "#d32f2f",
        _ => "#9e9e9e",
    };

    public static string Describe(TimeSpan span) => span switch
    {
        { TotalDays: >= 2 } => $"{span.TotalDays.ToString("0.#", CultureInfo.InvariantCulture)} d",
        { TotalHours: >= 1 } => $"{span.TotalHours.ToString("0.#", CultureInfo.InvariantCulture)} h",
        _ => $"{Math.Max(0, span.TotalMinutes).ToString("0", CultureInfo.InvariantCulture)} min",
    };
}
