using System.Text.Json;
using DataEngineer.Core.Execution;
using DataEngineer.Core.Governance;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Sdk;
using Microsoft.Extensions.Logging;

namespace DataEngineer.Core.Quality;

/// <summary>
/// Records what a try observed of the data: check results always; on success the dataset writes (with schema
/// drift, new values and row-count anomalies judged against the previous write and the task's history) and the
/// high-water marks. An anomaly on a dataset configured to fail the task turns the success into a failure, and
/// then nothing but the checks and the anomaly is recorded. A try that observed nothing costs nothing here.
/// </summary>
public sealed class TaskObservationRecorder(IMetadataStore store, TimeProvider time)
{
    // The masker masks PII in check samples before they are stored (samples the Sdk helpers already masked stay as they are).
    public async Task<TaskTryOutcome> RecordAsync(DagRun run, TaskInstance task, DataObservations data, TaskTryOutcome outcome, ILogger logger, CancellationToken ct, PiiMasker? masker = null)
    {
        if (data.IsEmpty)
        {
            return outcome;
        }

        var at = time.GetUtcNow();
        var checks = data.Checks.Select(c => new CheckRecord
        {
            DagId = run.DagId,
            RunId = run.RunId,
            TaskId = task.TaskId,
            TryNumber = task.TryNumber,
            Name = c.Name,
            Kind = c.Kind,
            Severity = SeverityName(c.Severity),
            Target = c.Target,
            FailingCount = c.FailingCount,
            SampleJson = "[" + string.Join(",", masker is null ? c.Sample : c.Sample.Select(row => masker.MaskRow(c.Target, row))) + "]",
            At = at,
        }).ToList();
        var events = checks.Where(c => !c.Passed).Select(c => new QualityEvent
        {
            Kind = QualityEventKinds.CheckFailed,
            Severity = c.Severity,
            DagId = run.DagId,
            RunId = run.RunId,
            TaskId = task.TaskId,
            TryNumber = task.TryNumber,
            Message = $"Check '{c.Name}' ({c.Kind}) on {c.Target}: {c.FailingCount} failing rows",
            After = c.SampleJson,
            At = at,
        }).ToList();

        var writes = new List<DatasetWrite>();
        var failure = (string?)null;
        if (outcome.State == TaskInstanceState.Success)
        {
            foreach (var observation in data.Datasets)
            {
                var write = ToWrite(run, task, observation, at);
                // Two independent reads: issued together, they cost one round trip of latency.
                var options = observation.Dataset.RowCountAnomaly;
                var previousRead = store.GetDatasetAsync(write.Dataset, ct);
                var historyRead = options.Enabled
                    ? store.ListRowsWrittenAsync(write.Dataset, run.DagId, task.TaskId, options.History, options.SameWeekday ? run.LogicalDate.UtcDateTime.DayOfWeek : null, ct)
                    : Task.FromResult<IReadOnlyList<long>>([]);
                var previous = await previousRead;
                var history = await historyRead;
                events.AddRange(DatasetDrift.Between(previous, write, observation.Dataset));
                if (RowCountAnomalyDetector.Evaluate(history, write.RowsWritten, options) is { IsAnomaly: true } range)
                {
                    var message = $"Rows written to {write.Dataset}: {range}";
                    logger.LogWarning("Row-count anomaly: {Message}", message);
                    events.Add(new QualityEvent
                    {
                        Kind = QualityEventKinds.RowCountAnomaly,
                        Severity = options.FailTask ? "error" : "warn",
                        Dataset = write.Dataset,
                        DagId = run.DagId,
                        RunId = run.RunId,
                        TaskId = task.TaskId,
                        TryNumber = task.TryNumber,
                        Message = message,
                        Before = JsonSerializer.Serialize(history),
                        After = JsonSerializer.Serialize(new { expected_low = Math.Max(0, range.Low), expected_high = range.High, median = range.Median, actual = range.Actual }),
                        At = at,
                    });
                    failure ??= options.FailTask ? message + " (RowCountAnomaly.FailTask is set)." : null;
                }

                writes.Add(write);
            }

            foreach (var e in events.Where(e => e.Kind is QualityEventKinds.SchemaDrift or QualityEventKinds.NewValues))
            {
                logger.LogWarning("{Kind}: {Message}", e.Kind, e.Message);
            }
        }

        var succeeded = outcome.State == TaskInstanceState.Success && failure is null;
        var observations = new TryObservations
        {
            Checks = checks,
            Events = events,
            Writes = succeeded ? writes : [],
            Watermarks = succeeded
                ? data.Watermarks.Select(w => new Watermark(run.DagId, w.TaskId, w.Source, w.Value, run.RunId, at)).ToList()
                : [],
        };
        await TransientRetry.RunAsync(
            async () =>
            {
                await store.RecordTryObservationsAsync(observations, CancellationToken.None);
                return true;
            },
            time, logger, $"the data observations of try {task.TryNumber} of {task.TaskId} in {run.Key}");
        return failure is null ? outcome : TaskTryOutcome.Failed(failure, retryable: false) with
        {
            RowsRead = outcome.RowsRead,
            RowsWritten = outcome.RowsWritten,
            RowsRejected = outcome.RowsRejected,
        };
    }

    private static DatasetWrite ToWrite(DagRun run, TaskInstance task, DatasetObservation o, DateTimeOffset at) => new()
    {
        Dataset = o.Dataset.Name,
        DagId = run.DagId,
        RunId = run.RunId,
        TaskId = task.TaskId,
        TryNumber = task.TryNumber,
        At = at,
        LogicalDate = run.LogicalDate,
        RowCount = o.RowCount,
        RowsWritten = o.RowsWritten,
        DataUpdatedAt = o.DataUpdatedAt,
        FreshnessSla = o.Dataset.FreshnessSla,
        Columns = o.Columns,
        ColumnValues = o.ColumnValues,
    };

    private static string SeverityName(CheckSeverity severity) => severity == CheckSeverity.Error ? "error" : "warn";
}
