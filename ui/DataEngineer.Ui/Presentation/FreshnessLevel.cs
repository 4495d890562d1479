namespace DataEngineer.Ui.Presentation;

/// <summary>How a dataset's age compares with its freshness SLA, as the Datasets page colours it.</summary>
public enum FreshnessLevel
{
    /// <summary>The dataset declares no SLA.</summary>
    NoSla,

    /// <summary>Well within the SLA (green).</summary>
    Fresh,

    /// <summary>Older than <see cref="DatasetFreshness.AmberShare"/> of the SLA: it breaches soon unless a run lands (amber).</summary>
    Ageing,

    /// <summary>Older than the SLA, or a breach is open (red).</summary>
    Breached,
}
