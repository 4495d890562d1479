namespace DataEngineer.Core.Storage;

/// <summary>A run that was still going at its DAG's deadline (<c>DagOptions.Deadline</c> after its data interval's end), recorded once.</summary>
public sealed record DeadlineMiss(string DagId, string RunId, DateTimeOffset DeadlineAt, DateTimeOffset MissedAt)
{
    public RunKey Run => new(DagId, RunId);
}
