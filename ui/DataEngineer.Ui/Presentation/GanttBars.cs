using DataEngineer.Core.States;
using DataEngineer.Core.Storage;

namespace DataEngineer.Ui.Presentation;

/// <summary>Every try of a run as bars on one time axis from the run's start: retries on rows of their own, in task order.</summary>
public static class GanttBars
{
    /// <summary>
    /// The bars of <paramref name="run"/>'s tries in <paramref name="taskOrder"/> (other tasks after, by id). The latest try's bar starts
    /// with its wait in the queue; a task queued for a try not started yet is a bar of waiting only. Running tries end at <paramref name="now"/>.
    /// </summary>
    public static IReadOnlyList<TimeBar> Of(RunSnapshot run, IReadOnlyList<TaskTry> tries, IReadOnlyList<string> taskOrder, DateTimeOffset now)
    {
        var position = taskOrder.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i, StringComparer.Ordinal);
        var triesOf = tries.ToLookup(t => t.TaskId, StringComparer.Ordinal);
        var origin = Origin(run, tries);
        var bars = new List<TimeBar>();
        foreach (var task in run.Tasks.Values.OrderBy(t => position.GetValueOrDefault(t.TaskId, int.MaxValue)).ThenBy(t => t.TaskId, StringComparer.Ordinal))
        {
            // A queued task waits for its next try; otherwise its queue time belongs to its latest try.
            var waiting = task.State == TaskInstanceState.Queued ? task.QueuedAt : null;
            var ofTask = triesOf[task.TaskId].Where(t => t.StartedAt is not null).OrderBy(t => t.TryNumber)
                .Select(t => (Try: t.TryNumber, State: t.State,
                    Wait: waiting is null && t.TryNumber == task.TryNumber && task.QueuedAt is { } q && q <= t.StartedAt ? q : (DateTimeOffset?)null,
                    Start: t.StartedAt, End: t.EndedAt))
                .ToList();
            if (waiting is { } since)
            {
                ofTask.Add((task.TryNumber + 1, TaskInstanceState.Queued, since, null, null));
            }

            foreach (var (tryNumber, state, wait, start, end) in ofTask)
            {
                var live = end is null && state is TaskInstanceState.Running or TaskInstanceState.Queued;
                bars.Add(new TimeBar(tryNumber > 1 || ofTask.Count > 1 ? $"{task.TaskId} #{tryNumber}" : task.TaskId, StateColors.Name(state),
                    wait - origin, start - origin, (end ?? now) - origin, live)
                {
                    Color = StateColors.Of(state),
                    Glyph = StateColors.Glyph(state),
                    Href = start is null ? null : Links.Try(run.Run.DagId, run.Run.RunId, task.TaskId, tryNumber),
                    Title = $"{task.TaskId} try {tryNumber}: {StateColors.Name(state)}"
                        + (wait is { } w ? $", queued {Formats.Time(w)}" : "")
                        + (start is { } s ? $", started {Formats.Time(s)}" : "")
                        + (end is { } e ? $", ended {Formats.Time(e)}" : ""),
                });
            }
        }

        return bars;
    }

    /// <summary>Where the axis starts: the run's start, or the first try's start or queueing if earlier (a run's clock and a worker's can differ).</summary>
    public static DateTimeOffset Origin(RunSnapshot run, IReadOnlyList<TaskTry> tries)
    {
        var first = tries.Where(t => t.StartedAt is not null).Select(t => t.StartedAt!.Value)
            .Concat(run.Tasks.Values.Where(t => t.QueuedAt is not null).Select(t => t.QueuedAt!.Value))
            .DefaultIfEmpty(run.Run.StartedAt ?? run.Run.CreatedAt).Min();
        return run.Run.StartedAt is { } started && started < first ? started : first;
    }
}
