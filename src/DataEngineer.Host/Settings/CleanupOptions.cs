using DataEngineer.Host.Hosting;

namespace DataEngineer.Host.Settings;

/// <summary>
/// The scheduled <c>db clean</c> under <c>DataEngineer:Cleanup</c>: <c>OlderThan</c> (an age: 90d, 12h, 30m, 2w; unset =
/// off), <c>Schedule</c> (a cron expression or preset, UTC; default <c>@daily</c>) and <c>KeepLast</c> (each DAG's latest
/// runs kept, default 1).
/// </summary>
internal sealed class CleanupOptions
{
    public const string Section = "DataEngineer:Cleanup";

    [Age("set an age such as 90d, 12h, 30m or 2w (metadata older than that is deleted on each scheduled clean).")]
    public string? OlderThan { get; set; }

    [RecurringSchedule("set a recurring cron expression or preset such as '@daily' or '0 3 * * *' (UTC).")]
    public string Schedule { get; set; } = "@daily";

    [WholeNumber(1, 10_000, "set a number of runs between 1 and 10000 (each DAG's latest run is always kept).")]
    public int KeepLast { get; set; } = 1;

    /// <summary>The scheduled clean, or null when <see cref="OlderThan"/> is unset (no scheduled cleanup).</summary>
    public MetadataCleanupSettings? Cleanup => string.IsNullOrWhiteSpace(OlderThan)
        ? null
        : new MetadataCleanupSettings(AgeAttribute.Parse(OlderThan)!.Value, RecurringScheduleAttribute.Parse(Schedule)!, KeepLast);
}
