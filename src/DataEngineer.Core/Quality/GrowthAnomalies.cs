using DataEngineer.Sdk;

namespace DataEngineer.Core.Quality;

/// <summary>
/// When a table's size or a statement's duration is "far outside its history": the row counts' robust statistics
/// (<see cref="RowCountAnomalyDetector"/>: median ± max(3.5 × 1.4826 × MAD, a share of the median)) over the last 14
/// values, 5 needed, with wider floors because sizes and timings are noisier than row counts.
/// </summary>
public static class GrowthAnomalies
{
    /// <summary>A table's total size after a write against its last 14 recorded sizes: at least 50% from the median.</summary>
    public static readonly RowCountAnomalyOptions Size = new() { History = 14, MinHistory = 5, MinRelativeDeviation = 0.5 };

    /// <summary>A statement's duration against its last 14 runs: at least twice or half the median ...</summary>
    public static readonly RowCountAnomalyOptions Duration = new() { History = 14, MinHistory = 5, MinRelativeDeviation = 1.0 };

    /// <summary>... and at least this far from it, so a 2 ms statement taking 5 ms is not news.</summary>
    public const double MinDurationChangeMs = 100;

    /// <summary>The expected size range when <paramref name="bytes"/> is an anomaly, else null.</summary>
    public static RowCountRange? SizeAnomaly(IReadOnlyList<long> history, long bytes) =>
        RowCountAnomalyDetector.Evaluate(history, bytes, Size) is { IsAnomaly: true } range ? range : null;

    /// <summary>The expected duration range in microseconds when <paramref name="durationMs"/> is an anomaly, else null.</summary>
    public static RowCountRange? DurationAnomaly(IReadOnlyList<double> historyMs, double durationMs)
    {
        var range = RowCountAnomalyDetector.Evaluate([.. historyMs.Select(Micros)], Micros(durationMs), Duration);
        return range is { IsAnomaly: true } && Math.Abs(durationMs - (range.Median / 1000)) >= MinDurationChangeMs ? range : null;
    }

    private static long Micros(double ms) => (long)Math.Round(ms * 1000);
}
