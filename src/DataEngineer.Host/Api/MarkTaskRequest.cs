namespace DataEngineer.Host.Api;

/// <summary><c>PATCH .../taskInstances/{task_id}</c>: mark <c>success</c> or <c>failed</c>.</summary>
internal sealed record MarkTaskRequest(string? State);
