namespace DataEngineer.Core.Storage;

/// <summary>
/// One SQL statement a try ran (a SQL task's or <c>RunSqlAsync</c>'s): its text, duration, rows and the plan PostgreSQL chose
/// (<c>EXPLAIN (FORMAT JSON)</c> just before it ran; null for a statement that cannot be explained). Stored per try.
/// </summary>
public sealed record StatementRecord
{
    public required string DagId { get; init; }
    public required string RunId { get; init; }
    public required string TaskId { get; init; }
    public required int TryNumber { get; init; }
    public required string Script { get; init; }
    public required int Ordinal { get; init; }
    public required string Sql { get; init; }
    public required double DurationMs { get; init; }
    public required long Rows { get; init; }
    public string? PlanJson { get; init; }
    public required DateTimeOffset At { get; init; }
}
