namespace DataEngineer.Host.Api;

/// <summary>
/// Lines of a try's log from <c>offset</c> on; pass <c>next_offset</c> back to read on while <c>try_state</c> is <c>running</c>.
/// </summary>
internal sealed record ApiTaskLog(string DagId, string RunId, string TaskId, int TryNumber, string TryState, int Offset, int NextOffset, IReadOnlyList<ApiLogLine> Lines);
