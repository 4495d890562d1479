namespace DataEngineer.Host.Api;

/// <summary>The cluster as <c>GET /api/v1/health</c> shows it: the metadata database, the processes, queue depths and pools.</summary>
internal sealed record ApiHealth(ApiStatus Metadatabase, IReadOnlyList<ApiProcess> Processes, IReadOnlyList<ApiQueueDepth> Queues, IReadOnlyList<ApiPoolUsage> Pools);
