namespace DataEngineer.Sdk.Postgres.Tests;

/// <summary>What one run of <see cref="QualityEngineDag"/> loads, and what goes wrong.</summary>
public sealed record QualityEngineParams
{
    public int Rows { get; init; } = 100;

    public string Status { get; init; } = "ok";

    public bool AddColumn { get; init; }

    public bool FailAfterLoad { get; init; }

    public bool FailOnAnomaly { get; init; }
}
