using System.ComponentModel.DataAnnotations;

namespace DataEngineer.TestDags;

/// <summary>The params of <see cref="UiFlakyDag"/>.</summary>
public sealed record UiFlakyParams
{
    [Range(1, 10)]
    public int Batches { get; init; } = 3;

    public string Region { get; init; } = "eu";
}
