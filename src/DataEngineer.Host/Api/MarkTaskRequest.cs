namespace DataEngineer.Host.Api;

/// <summary><c>PATCH .../taskInstances/{task_id}</c>: mark <c>success</c> or <c>failed</c>; <c>dry_run</c> lists what would change.</summary>
internal sealed record MarkTaskRequest(string? State, bool DryRun);
