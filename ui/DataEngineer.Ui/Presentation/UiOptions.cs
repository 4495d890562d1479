namespace DataEngineer.Ui.Presentation;

/// <summary>How the UI behaves: how often live pages re-read the metadata database, and where trace ids link to.</summary>
public sealed record UiOptions
{
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A trace viewer's address for one trace, with <c>{traceId}</c> (and optionally <c>{spanId}</c>) in it,
    /// e.g. <c>http://jaeger:16686/trace/{traceId}</c>; null shows trace ids without a link.
    /// </summary>
    public string? TraceUrl { get; init; }

    /// <summary>The trace viewer's address for <paramref name="trace"/>, or null when no viewer is configured.</summary>
    public string? TraceLink(Core.Storage.TryTrace trace) => TraceUrl?
        .Replace("{traceId}", Uri.EscapeDataString(trace.TraceId), StringComparison.Ordinal)
        .Replace("{spanId}", Uri.EscapeDataString(trace.SpanId), StringComparison.Ordinal);
}
