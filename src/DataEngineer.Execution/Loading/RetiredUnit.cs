namespace DataEngineer.Execution.Loading;

/// <summary>A replaced or removed unit, kept loaded while runs still use its DAG versions.</summary>
internal sealed record RetiredUnit(LoadedUnit Unit, DateTimeOffset RetiredAt);
