namespace DataEngineer.Host.Api;

/// <summary>An engine process that heartbeated in the last 10 minutes; <c>lost</c> when not within 30 s.</summary>
internal sealed record ApiProcess(
    string ProcessId, string Hostname, IReadOnlyList<string> Roles, IReadOnlyList<string> Queues, int Concurrency, DateTimeOffset StartedAt, DateTimeOffset LatestHeartbeat, string Status);
