namespace DataEngineer.Sdk.Postgres.Tests;

/// <summary>Typed params a SQL task binds by snake_case name.</summary>
public sealed record SqlTaskParams
{
    public string Region { get; init; } = "eu";

    public int Multiplier { get; init; } = 1;
}
