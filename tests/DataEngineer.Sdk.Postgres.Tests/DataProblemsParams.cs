namespace DataEngineer.Sdk.Postgres.Tests;

/// <summary>How many rows <see cref="DataProblemsDag"/> loads, and whether its error check finds failing rows.</summary>
public sealed record DataProblemsParams
{
    public int Rows { get; init; } = 100;

    public bool FailCheck { get; init; }
}
