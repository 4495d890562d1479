namespace DataEngineer.Core.Storage;

/// <summary>Which OpenTelemetry trace each task try's span belongs to, so the UI can link a try to a trace viewer.</summary>
public interface ITryTraceStore
{
    /// <summary>Records the span of a try that has started (its try record exists); does nothing for an unknown try.</summary>
    Task RecordTryTraceAsync(TaskTryKey key, TryTrace trace, CancellationToken ct = default);

    /// <summary>The traces of every try of a task that recorded one, by try number.</summary>
    Task<IReadOnlyDictionary<int, TryTrace>> ListTryTracesAsync(RunKey run, string taskId, CancellationToken ct = default);
}
