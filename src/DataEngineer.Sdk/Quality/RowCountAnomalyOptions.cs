namespace DataEngineer.Sdk;

/// <summary>
/// Row-count anomaly detection for a dataset: the rows a try writes are compared with the rows the same task
/// wrote in its last <see cref="History"/> successful tries, using the median and the median absolute deviation
/// (MAD, scaled by 1.4826 to estimate a standard deviation). A count is an outlier when it is further from the
/// median than both <see cref="Threshold"/> scaled MADs and <see cref="MinRelativeDeviation"/> of the median.
/// </summary>
public sealed record RowCountAnomalyOptions
{
    /// <summary>Whether to compare at all (default true).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>How many of the latest successful tries form the history (default 14).</summary>
    public int History { get; init; } = 14;

    /// <summary>Fewer tries than this in the history: no verdict yet (default 7).</summary>
    public int MinHistory { get; init; } = 7;

    /// <summary>How many scaled MADs from the median a count may be (default 3.5, the Iglewicz–Hoaglin cut-off).</summary>
    public double Threshold { get; init; } = 3.5;

    /// <summary>
    /// A change smaller than this share of the median is never an anomaly (default 0.2). Median and MAD over two
    /// weeks of real data flag a few percent of ordinary days; this floor keeps the verdicts for real changes.
    /// </summary>
    public double MinRelativeDeviation { get; init; } = 0.2;

    /// <summary>
    /// Compare only with tries whose runs' logical dates fall on the same weekday (UTC): for data with a weekly
    /// rhythm, e.g. quiet weekends. The history then spans <see cref="History"/> weeks (default false).
    /// </summary>
    public bool SameWeekday { get; init; }

    /// <summary>Fail the task on an anomaly instead of recording a warning (default false).</summary>
    public bool FailTask { get; init; }
}
