using System.Globalization;

namespace DataEngineer.Ui.Presentation;

/// <summary>
/// A linear time axis from zero to a span (a task's milliseconds or a backfill's weeks) drawn over a width in pixels:
/// the smallest "nice" step (1-2-5 in ms, 1-2-5-10-15-30 in s and min, 1-2-3-6-12 in h, then days) whose labels
/// do not overlap, ticks from 0 to the first multiple of the step at or past the span, and compact labels
/// (<c>250ms</c>, <c>1.5s</c>, <c>2m30s</c>, <c>3h</c>, <c>2d12h</c>). Pure, so the charts' geometry is unit-tested.
/// </summary>
public sealed class TimeAxis
{
    /// <summary>Pixels per label character, an upper bound for the charts' 11 px sans-serif digits and units.</summary>
    public const double CharWidth = 7;

    /// <summary>The least space between two labels, in pixels.</summary>
    public const double LabelGap = 8;

    /// <summary>The narrowest axis drawn: narrower widths are widened so two labels always fit.</summary>
    public const double MinWidth = 120;

    private static readonly TimeSpan[] NiceSteps =
    [
        .. new[] { 1, 2, 5, 10, 20, 50, 100, 200, 500 }.Select(ms => TimeSpan.FromMilliseconds(ms)),
        .. new[] { 1, 2, 5, 10, 15, 30 }.Select(s => TimeSpan.FromSeconds(s)),
        .. new[] { 1, 2, 5, 10, 15, 30 }.Select(m => TimeSpan.FromMinutes(m)),
        .. new[] { 1, 2, 3, 6, 12 }.Select(h => TimeSpan.FromHours(h)),
        .. new[] { 1, 2, 5, 7, 14, 30 }.Select(d => TimeSpan.FromDays(d)),
    ];

    private TimeAxis(TimeSpan step, TimeSpan end, double width, IReadOnlyList<TimeTick> ticks)
    {
        Step = step;
        End = end;
        Width = width;
        Ticks = ticks;
    }

    /// <summary>The time between two ticks.</summary>
    public TimeSpan Step { get; }

    /// <summary>The time at the axis' right end: the last tick, at or past the span asked for.</summary>
    public TimeSpan End { get; }

    /// <summary>The axis' width in pixels.</summary>
    public double Width { get; }

    /// <summary>The ticks, from zero to <see cref="End"/>, increasing.</summary>
    public IReadOnlyList<TimeTick> Ticks { get; }

    /// <summary>The axis that shows <paramref name="span"/> (at least 1 ms) over <paramref name="width"/> pixels (at least <see cref="MinWidth"/>).</summary>
    public static TimeAxis Fit(TimeSpan span, double width)
    {
        width = double.IsFinite(width) ? Math.Max(width, MinWidth) : MinWidth;
        if (span < TimeSpan.FromMilliseconds(1))
        {
            span = TimeSpan.FromMilliseconds(1);
        }

        foreach (var step in Steps())
        {
            var count = (long)Math.Ceiling(span.Ticks / (double)step.Ticks);
            if (count * (CharWidth + LabelGap) > width)
            {
                continue;
            }

            var end = TimeSpan.FromTicks(step.Ticks * count);
            var widest = Enumerable.Range(0, (int)count + 1).Max(i => LabelWidth(Label(TimeSpan.FromTicks(step.Ticks * i))));
            if (width / count >= widest + LabelGap)
            {
                var ticks = Enumerable.Range(0, (int)count + 1)
                    .Select(i => TimeSpan.FromTicks(step.Ticks * i))
                    .Select(at => new TimeTick(at, width * at.Ticks / end.Ticks, Label(at)))
                    .ToList();
                return new TimeAxis(step, end, width, ticks);
            }
        }

        throw new InvalidOperationException("Unreachable: a step past the span always fits two labels in the minimum width.");
    }

    /// <summary>The x in pixels of a time from the axis' start, clamped to the axis.</summary>
    public double X(TimeSpan at) => Math.Clamp(Width * at.Ticks / End.Ticks, 0, Width);

    /// <summary>How wide a label is drawn, in pixels (an upper bound).</summary>
    public static double LabelWidth(string label) => label.Length * CharWidth;

    /// <summary>A compact label for a time from the axis' start: <c>0</c>, <c>250ms</c>, <c>1.5s</c>, <c>2m30s</c>, <c>3h</c>, <c>1h30m</c>, <c>2d12h</c>.</summary>
    public static string Label(TimeSpan at)
    {
        if (at <= TimeSpan.Zero)
        {
            return "0";
        }

        if (at < TimeSpan.FromSeconds(1))
        {
            return $"{Number(at.TotalMilliseconds)}ms";
        }

        // Whole milliseconds from here on, and whole minutes or hours past an hour: no part rounds up to a full unit.
        var ms = (long)Math.Round(at.TotalMilliseconds);
        return ms switch
        {
            < 60_000 => $"{Number(ms / 1000.0)}s",
            < 3_600_000 => Compound(ms / 60_000, "m", ms % 60_000 / 1000.0, "s"),
            < 86_400_000 => Compound(ms / 3_600_000, "h", ms % 3_600_000 / 60_000, "m"),
            _ => Compound(ms / 86_400_000, "d", ms % 86_400_000 / 3_600_000, "h"),
        };
    }

    // The nice steps, then doubling past a month: an axis of years still gets a step.
    private static IEnumerable<TimeSpan> Steps()
    {
        foreach (var step in NiceSteps)
        {
            yield return step;
        }

        for (var step = NiceSteps[^1] * 2; ; step *= 2)
        {
            yield return step;
        }
    }

    private static string Compound(long whole, string unit, double rest, string restUnit) =>
        rest == 0 ? $"{whole}{unit}" : $"{whole}{unit}{Number(rest)}{restUnit}";

    private static string Number(double value) => Math.Round(value, 3).ToString("0.###", CultureInfo.InvariantCulture);
}
