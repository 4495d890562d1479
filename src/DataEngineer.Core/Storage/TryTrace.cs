namespace DataEngineer.Core.Storage;

/// <summary>The OpenTelemetry trace and span ids (lowercase hex) of a task try's span.</summary>
public sealed record TryTrace(string TraceId, string SpanId);
