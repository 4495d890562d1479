namespace DataEngineer.Host.Api;

/// <summary><c>POST .../dagRuns/{run_id}/clear</c>: the tasks to clear (all when empty), and their downstream tasks.</summary>
internal sealed record ClearRunRequest(IReadOnlyList<string>? TaskIds, bool IncludeDownstream);
