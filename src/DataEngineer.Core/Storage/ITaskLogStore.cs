namespace DataEngineer.Core.Storage;

/// <summary>The log of each task try.</summary>
public interface ITaskLogStore
{
    Task AppendLogAsync(RunKey key, string taskId, int tryNumber, IReadOnlyList<TaskLogLine> lines, CancellationToken ct = default);

    Task<IReadOnlyList<TaskLogLine>> GetLogAsync(RunKey key, string taskId, int tryNumber, CancellationToken ct = default);
}
