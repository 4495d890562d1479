namespace DataEngineer.Testing.Writes;

/// <summary>What <see cref="WritesEngineDag"/>'s swap load sends: a repeated payment id, or the same rows as every run.</summary>
public sealed record WritesEngineParams
{
    public bool DuplicatePayment { get; init; }
}
