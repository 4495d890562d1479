namespace DataEngineer.Core.Quality;

/// <summary>The rows a try was expected to write, from its history, and whether the actual count falls outside.</summary>
public sealed record RowCountRange(double Median, double ScaledMad, double Low, double High, long Actual, int HistorySize)
{
    public bool IsAnomaly => Actual < Low || Actual > High;

    public override string ToString() => $"expected {Math.Ceiling(Math.Max(0, Low)):0} to {Math.Floor(High):0} (median {Median:0.#} of the last {HistorySize} tries), got {Actual}";
}
