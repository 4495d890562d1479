namespace DataEngineer.Host.Api;

/// <summary>A run still going past its DAG's deadline (<c>DagOptions.Deadline</c> after its data interval's end), and when the miss was seen.</summary>
internal sealed record ApiLateRun(string DagId, string RunId, DateTimeOffset DeadlineAt, DateTimeOffset MissedAt);
