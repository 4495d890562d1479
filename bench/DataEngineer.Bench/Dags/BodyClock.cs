using System.Collections.Concurrent;
using System.Diagnostics;
using DataEngineer.Sdk;

namespace DataEngineer.Bench.Dags;

/// <summary>
/// When each task's code began and ended, by the process's monotonic clock: the honest handoff is the time from one
/// task's code returning to the next task's code being entered, everything the engine does between them included
/// (recording the end, its commit, the claim, reading inputs), which the stored tries cannot show (the end and the next
/// start are stamped with one time in one transaction).
/// </summary>
public static class BodyClock
{
    private static readonly ConcurrentDictionary<(string RunId, string TaskId), (long Entered, long Returned)> Bodies = new();

    /// <summary>A no-op task body that records its entry and return.</summary>
    public static void Run(TaskContext context)
    {
        var entered = Stopwatch.GetTimestamp();
        Bodies[(context.RunId, context.TaskId)] = (entered, Stopwatch.GetTimestamp());
    }

    /// <summary>The gaps between consecutive tasks of <paramref name="taskIds"/> (in order) in one run.</summary>
    public static IReadOnlyList<TimeSpan> Gaps(string runId, IReadOnlyList<string> taskIds)
    {
        var gaps = new List<TimeSpan>(taskIds.Count);
        for (var i = 1; i < taskIds.Count; i++)
        {
            var previous = Bodies[(runId, taskIds[i - 1])];
            var next = Bodies[(runId, taskIds[i])];
            gaps.Add(Stopwatch.GetElapsedTime(previous.Returned, next.Entered));
        }

        return gaps;
    }
}
