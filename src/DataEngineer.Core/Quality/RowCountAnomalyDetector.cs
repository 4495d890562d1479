using DataEngineer.Sdk;

namespace DataEngineer.Core.Quality;

/// <summary>
/// Median and MAD over a task's recent row counts: robust to the outliers a mean and standard deviation would
/// chase. The tolerance is the larger of <c>Threshold × 1.4826 × MAD</c> and <c>MinRelativeDeviation × median</c>.
/// </summary>
public static class RowCountAnomalyDetector
{
    // Scales the MAD to estimate a normal distribution's standard deviation.
    private const double MadScale = 1.4826;

    /// <summary>The expected range for <paramref name="actual"/>; null when the history is too short to judge.</summary>
    public static RowCountRange? Evaluate(IReadOnlyList<long> history, long actual, RowCountAnomalyOptions options)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled || history.Count < Math.Max(1, options.MinHistory))
        {
            return null;
        }

        var median = Median(history.Select(h => (double)h));
        var mad = MadScale * Median(history.Select(h => Math.Abs(h - median)));
        var tolerance = Math.Max(options.Threshold * mad, options.MinRelativeDeviation * median);
        return new RowCountRange(median, mad, median - tolerance, median + tolerance, actual, history.Count);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
