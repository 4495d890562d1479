namespace DataEngineer.Core.Storage;

/// <summary>A backfill's linked runs: how many, and how many are unfinished (queued or running), succeeded and failed.</summary>
public sealed record BackfillProgress(int Runs, int Unfinished, int Succeeded, int Failed)
{
    public static BackfillProgress None { get; } = new(0, 0, 0, 0);
}
