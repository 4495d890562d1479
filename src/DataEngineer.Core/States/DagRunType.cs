namespace DataEngineer.Core.States;

/// <summary>Why a run exists: created by the schedule, triggered by a person or API, by a backfill, or by dataset updates.</summary>
public enum DagRunType
{
    Scheduled,
    Manual,
    Backfill,

    /// <summary>Created because the datasets the DAG is scheduled on were updated (<c>dataset_triggered</c>).</summary>
    DatasetTriggered,
}
