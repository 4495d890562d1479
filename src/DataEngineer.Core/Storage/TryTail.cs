namespace DataEngineer.Core.Storage;

/// <summary>
/// What a try leaves to store with its end, in the transaction that records it: the log lines not streamed yet, the
/// revisions of streamed lines (masked again with what the try learnt last) and the try's trace ids. A try whose end
/// is refused (it no longer owns its task) stores its tail on its own: the log is kept either way.
/// </summary>
public sealed record TryTail(TaskTryKey Try, IReadOnlyList<TaskLogRevision> Revisions, IReadOnlyList<TaskLogLine> Lines, TryTrace? Trace)
{
    public bool IsEmpty => Revisions.Count == 0 && Lines.Count == 0 && Trace is null;

    /// <summary>Stores the tail outside a try's end: for a try whose end was refused.</summary>
    public async Task StoreAsync(ITaskLogStore logs, ITryTraceStore traces, CancellationToken ct)
    {
        if (Revisions.Count > 0)
        {
            await logs.ReviseLogAsync(Try.Run, Try.TaskId, Try.TryNumber, Revisions, ct);
        }

        if (Lines.Count > 0)
        {
            await logs.AppendLogAsync(Try.Run, Try.TaskId, Try.TryNumber, Lines, ct);
        }

        if (Trace is not null)
        {
            await traces.RecordTryTraceAsync(Try, Trace, ct);
        }
    }
}
