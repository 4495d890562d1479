using System.Globalization;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;

namespace DataEngineer.Ui.Presentation;

/// <summary>A DAG's runs as bars of their durations, oldest first: each from zero to how long it took (or has taken, if running).</summary>
public static class RunDurationBars
{
    public static IReadOnlyList<TimeBar> Of(IEnumerable<DagRun> runs, DateTimeOffset now) =>
        runs.OrderBy(r => r.LogicalDate).Select(r =>
        {
            var duration = r.StartedAt is { } start ? (r.EndedAt ?? now) - start : (TimeSpan?)null;
            return new TimeBar(r.LogicalDate.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), StateColors.Name(r.State),
                null, duration is null ? null : TimeSpan.Zero, duration ?? TimeSpan.Zero, r.State == DagRunState.Running)
            {
                Color = StateColors.Of(r.State),
                Glyph = StateColors.Glyph(r.State),
                Href = Links.Run(r.DagId, r.RunId),
                Title = $"{r.RunId}: {StateColors.Name(r.State)}" + (duration is { } d ? $", {Formats.Duration(d)}" : ", not started"),
            };
        }).ToList();
}
