using DataEngineer.Core.Quality;
using DataEngineer.Core.Storage;
using DataEngineer.Sdk;

namespace DataEngineer.Ui.Presentation;

/// <summary>
/// Rows written per write against the band the anomaly detector expected for it: the same statistics
/// (<see cref="RowCountAnomalyDetector"/>) over the same history the engine used when it judged the write (the task's
/// earlier writes of the dataset, newest <see cref="RowCountAnomalyOptions.History"/>, like weekdays with
/// <see cref="RowCountAnomalyOptions.SameWeekday"/>).
/// </summary>
public static class RowsWrittenTrend
{
    /// <summary>How many writes to read so the oldest of <paramref name="shown"/> writes has its full history too.</summary>
    public static int WritesToRead(int shown, RowCountAnomalyOptions options) => shown + (options.History * (options.SameWeekday ? 7 : 1));

    /// <summary>The points for the newest <paramref name="shown"/> of <paramref name="writes"/> (oldest first), oldest first.</summary>
    /// <param name="writes">The dataset's writes, oldest first.</param>
    /// <param name="shown">How many points to return.</param>
    /// <param name="optionsOf">The anomaly options the writing task's dataset declares.</param>
    /// <param name="flagged">Whether the engine recorded a row-count anomaly for the write.</param>
    public static IReadOnlyList<RowsWrittenPoint> Of(IReadOnlyList<DatasetWrite> writes, int shown, Func<DatasetWrite, RowCountAnomalyOptions> optionsOf, Func<DatasetWrite, bool> flagged)
    {
        ArgumentNullException.ThrowIfNull(writes);
        var points = new List<RowsWrittenPoint>();
        for (var i = Math.Max(0, writes.Count - shown); i < writes.Count; i++)
        {
            var write = writes[i];
            var options = optionsOf(write);
            var history = new List<long>();
            for (var j = i - 1; j >= 0 && history.Count < options.History; j--)
            {
                var earlier = writes[j];
                if (earlier.DagId == write.DagId && earlier.TaskId == write.TaskId
                    && (!options.SameWeekday || earlier.LogicalDate.UtcDateTime.DayOfWeek == write.LogicalDate.UtcDateTime.DayOfWeek))
                {
                    history.Add(earlier.RowsWritten);
                }
            }

            var range = RowCountAnomalyDetector.Evaluate(history, write.RowsWritten, options);
            points.Add(new RowsWrittenPoint(write.DagId, write.RunId, write.TaskId, write.LogicalDate, write.RowsWritten,
                range is null ? null : Math.Max(0, range.Low), range?.High, range?.Median, flagged(write) || range?.IsAnomaly == true));
        }

        return points;
    }

    /// <summary>The anomaly options of <paramref name="dataset"/> as the task that wrote it declares it; the defaults when it is not loaded.</summary>
    public static RowCountAnomalyOptions OptionsOf(Core.Execution.IDagRegistry registry, string dataset, string dagId, string taskId)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry.Find(dagId)?.Tasks.GetValueOrDefault(taskId)?.Definition.Options.Writes
            .FirstOrDefault(d => string.Equals(d.Name, dataset, StringComparison.Ordinal))?.RowCountAnomaly ?? new RowCountAnomalyOptions();
    }
}
