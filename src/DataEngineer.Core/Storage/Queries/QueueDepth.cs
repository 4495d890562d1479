namespace DataEngineer.Core.Storage;

/// <summary>Task instances of one queue: waiting to be queued (scheduled), queued for a worker, and running.</summary>
public sealed record QueueDepth(string Queue, int Scheduled, int Queued, int Running);
