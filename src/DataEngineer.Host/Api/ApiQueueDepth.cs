namespace DataEngineer.Host.Api;

/// <summary>Task instances of one queue by state.</summary>
internal sealed record ApiQueueDepth(string Queue, int Scheduled, int Queued, int Running);
