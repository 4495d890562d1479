namespace DataEngineer.TestDags;

/// <summary>The params of the limits DAGs (<see cref="LimitsWideDag"/>, <see cref="LimitsFanDag"/>).</summary>
public sealed record LimitsParams
{
    /// <summary>Decides each try's duration and whether it fails on purpose: the same seed replays the same work.</summary>
    public int Seed { get; init; }
}
