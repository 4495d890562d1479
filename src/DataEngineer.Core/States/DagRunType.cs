namespace DataEngineer.Core.States;

/// <summary>Why a run exists: created by the schedule, triggered by a person or API, or by a backfill.</summary>
public enum DagRunType
{
    Scheduled,
    Manual,
    Backfill,
}
