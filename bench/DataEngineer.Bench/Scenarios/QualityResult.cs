using DataEngineer.Bench.Reporting;

namespace DataEngineer.Bench.Scenarios;

/// <summary>Quality checks on a million rows, and what recording observations costs a task try.</summary>
public sealed record QualityResult
{
    public required long Rows { get; init; }
    public required IReadOnlyList<CheckTiming> Checks { get; init; }

    /// <summary>A no-op try, end to end through the task invoker (its log write included).</summary>
    public required Distribution NoOpTry { get; init; }

    /// <summary>The observation recorder on a try that observed nothing: what observability adds to a no-op task.</summary>
    public required Distribution RecorderWhenEmpty { get; init; }

    /// <summary>A try that records one dataset, one check and one watermark, end to end.</summary>
    public required Distribution ObservedTry { get; init; }
}
