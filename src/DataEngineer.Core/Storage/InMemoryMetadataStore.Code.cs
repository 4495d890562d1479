namespace DataEngineer.Core.Storage;

public sealed partial class InMemoryMetadataStore
{
    private readonly Dictionary<(string DagId, string Version), DagCode> _codes = [];
    private readonly Dictionary<TaskTryKey, TryTrace> _traces = [];

    public async Task RecordVersionWithCodeAsync(DagStructure structure, DagCode code, DateTimeOffset seenAt, CancellationToken ct = default)
    {
        await RecordVersionAsync(structure, seenAt, ct);
        lock (_lock)
        {
            _codes.TryAdd((structure.DagId, structure.Version), code);
        }
    }

    public Task<DagCode?> GetVersionCodeAsync(string dagId, string version, CancellationToken ct = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_codes.GetValueOrDefault((dagId, version)));
        }
    }

    public Task RecordTryTraceAsync(TaskTryKey key, TryTrace trace, CancellationToken ct = default)
    {
        lock (_lock)
        {
            if (_tries.ContainsKey((key.Run, key.TaskId, key.TryNumber)))
            {
                _traces[key] = trace;
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyDictionary<int, TryTrace>> ListTryTracesAsync(RunKey run, string taskId, CancellationToken ct = default)
    {
        lock (_lock)
        {
            IReadOnlyDictionary<int, TryTrace> traces = _traces.Where(t => t.Key.Run == run && t.Key.TaskId == taskId).ToDictionary(t => t.Key.TryNumber, t => t.Value);
            return Task.FromResult(traces);
        }
    }
}
