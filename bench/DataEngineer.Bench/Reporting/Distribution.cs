namespace DataEngineer.Bench.Reporting;

/// <summary>Nearest-rank percentiles of a set of durations, in milliseconds.</summary>
public sealed record Distribution(int Count, double P50, double P90, double P99, double Max, double Mean)
{
    /// <summary>The 95th percentile (nearest rank), kept apart from the positional record so existing reports stay as they are.</summary>
    public double P95 { get; init; } = double.NaN;

    public static Distribution Of(IEnumerable<TimeSpan> values)
    {
        var sorted = values.Select(v => v.TotalMilliseconds).Order().ToArray();
        if (sorted.Length == 0)
        {
            return new Distribution(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        return new Distribution(sorted.Length, Rank(sorted, 0.50), Rank(sorted, 0.90), Rank(sorted, 0.99), sorted[^1], sorted.Average()) { P95 = Rank(sorted, 0.95) };
    }

    private static double Rank(double[] sorted, double quantile) =>
        sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];
}
