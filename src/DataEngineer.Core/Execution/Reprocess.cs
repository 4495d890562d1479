namespace DataEngineer.Core.Execution;

/// <summary>What a backfill does with intervals that already have a finished run.</summary>
public enum Reprocess
{
    /// <summary>Leave them as they are.</summary>
    None,

    /// <summary>Clear and re-run the failed ones.</summary>
    Failed,

    /// <summary>Clear and re-run every finished one.</summary>
    All,
}
