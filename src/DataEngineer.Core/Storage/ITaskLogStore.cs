namespace DataEngineer.Core.Storage;

/// <summary>
/// The log of each task try. A try's lines are kept in the order they were appended; a line's position is its
/// index in that order (0 for the first), which is what a reader tailing a running try passes to read on.
/// </summary>
public interface ITaskLogStore
{
    Task AppendLogAsync(RunKey key, string taskId, int tryNumber, IReadOnlyList<TaskLogLine> lines, CancellationToken ct = default);

    /// <summary>
    /// Replaces the messages of lines already stored, by position: a line appended while the try ran is masked
    /// again when the try ends, with every PII value the try met after it. Positions the try has not stored are ignored.
    /// </summary>
    Task ReviseLogAsync(RunKey key, string taskId, int tryNumber, IReadOnlyList<TaskLogRevision> revisions, CancellationToken ct = default);

    Task<IReadOnlyList<TaskLogLine>> GetLogAsync(RunKey key, string taskId, int tryNumber, CancellationToken ct = default);

    /// <summary>The lines from position <paramref name="from"/> on (all of them from 0): a tail reads on from the count it has.</summary>
    Task<IReadOnlyList<TaskLogLine>> GetLogAsync(RunKey key, string taskId, int tryNumber, int from, CancellationToken ct = default);

    /// <summary>The last <paramref name="count"/> lines of a try, in order.</summary>
    Task<IReadOnlyList<TaskLogLine>> GetLogTailAsync(RunKey key, string taskId, int tryNumber, int count, CancellationToken ct = default);
}
