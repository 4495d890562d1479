using System.Text.Json;
using DataEngineer.Core.Execution;
using DataEngineer.Core.Governance;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Sdk;
using Microsoft.Extensions.Logging;

namespace DataEngineer.Core.Quality;

/// <summary>
/// Records what a try observed of the data: check results and SQL statements (with their plans; a duration far outside
/// the statement's history is a <c>statement_duration_anomaly</c>) always; on success the dataset writes (with schema
/// drift, new values, row-count and table-size anomalies judged against the previous write and the history) and the
/// high-water marks. An anomaly on a dataset configured to fail the task turns the success into a failure, and
/// then nothing but the checks and the anomaly is recorded. A try that observed nothing costs nothing here.
/// </summary>
public sealed class TaskObservationRecorder(IDataQualityStore quality, TimeProvider time)
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

        var statements = await StatementsAsync(run, task, data, masker, at, events, logger, ct);
        var writes = new List<DatasetWrite>();
        var failure = (string?)null;
        if (outcome.State == TaskInstanceState.Success)
        {
            foreach (var observation in data.Datasets)
            {
                var write = ToWrite(run, task, observation, at);
                // Two independent reads: issued together, they cost one round trip of latency.
                var options = observation.Dataset.RowCountAnomaly;
                var previousRead = quality.GetDatasetAsync(write.Dataset, ct);
                var sizesRead = write.SizeBytes is null
                    ? Task.FromResult<IReadOnlyList<DatasetWrite>>([])
                    : quality.ListDatasetWritesAsync(write.Dataset, GrowthAnomalies.Size.History, ct);
                var historyRead = options.Enabled
                    ? quality.ListRowsWrittenAsync(write.Dataset, run.DagId, task.TaskId, options.History, options.SameWeekday ? run.LogicalDate.UtcDateTime.DayOfWeek : null, ct)
                    : Task.FromResult<IReadOnlyList<long>>([]);
                var previous = await previousRead;
                var history = await historyRead;
                var sizes = await sizesRead;
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

                if (write.SizeBytes is { } bytes
                    && GrowthAnomalies.SizeAnomaly([.. sizes.Where(s => s.SizeBytes is not null).Select(s => s.SizeBytes!.Value)], bytes) is { } grown)
                {
                    var message = $"Size of {write.Dataset} on disk: {ByteSize.Format(grown.Low)} to {ByteSize.Format(grown.High)} expected (median {ByteSize.Format(grown.Median)} of the last {grown.HistorySize} writes), got {ByteSize.Format(bytes)}";
                    logger.LogWarning("Table-size anomaly: {Message}", message);
                    events.Add(new QualityEvent
                    {
                        Kind = QualityEventKinds.TableSizeAnomaly,
                        Severity = "warn",
                        Dataset = write.Dataset,
                        DagId = run.DagId,
                        RunId = run.RunId,
                        TaskId = task.TaskId,
                        TryNumber = task.TryNumber,
                        Message = message,
                        Before = JsonSerializer.Serialize(sizes.Where(s => s.SizeBytes is not null).Select(s => s.SizeBytes)),
                        After = JsonSerializer.Serialize(new { expected_low = Math.Max(0, grown.Low), expected_high = grown.High, median = grown.Median, actual = bytes, row_estimate = write.RowEstimate }),
                        At = at,
                    });
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
            Statements = statements,
            Watermarks = succeeded
                ? data.Watermarks.Select(w => new Watermark(run.DagId, w.TaskId, w.Source, w.Value, run.RunId, at)).ToList()
                : [],
        };
        await TransientRetry.RunAsync(
            async () =>
            {
                await quality.RecordTryObservationsAsync(observations, CancellationToken.None);
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
        SizeBytes = o.TotalBytes,
        RowEstimate = o.RowEstimate,
    };

    // Statements are kept for failed tries too (a slow statement that timed out is the one to look at), masked like logs.
    private async Task<IReadOnlyList<StatementRecord>> StatementsAsync(
        DagRun run, TaskInstance task, DataObservations data, PiiMasker? masker, DateTimeOffset at, List<QualityEvent> events, ILogger logger, CancellationToken ct)
    {
        var observed = data.Statements;
        if (observed.Count == 0)
        {
            return [];
        }

        var history = await quality.ListStatementDurationsAsync(run.DagId, task.TaskId, GrowthAnomalies.Duration.History, ct);
        var records = new List<StatementRecord>();
        foreach (var s in observed)
        {
            var record = new StatementRecord
            {
                DagId = run.DagId,
                RunId = run.RunId,
                TaskId = task.TaskId,
                TryNumber = task.TryNumber,
                Script = s.Script,
                Ordinal = s.Ordinal,
                Sql = Cap(Mask(s.Sql, masker), MaxStatementChars),
                DurationMs = s.Duration.TotalMilliseconds,
                Rows = s.Rows,
                PlanJson = s.PlanJson is null ? null : s.PlanJson.Length > MaxPlanChars ? TooLargePlan(s.PlanJson.Length) : Mask(s.PlanJson, masker),
                At = at,
            };
            records.Add(record);
            var before = history.Where(h => h.Script == s.Script && h.Ordinal == s.Ordinal).Select(h => h.DurationMs).ToList();
            if (GrowthAnomalies.DurationAnomaly(before, record.DurationMs) is { } range)
            {
                var plan = QueryPlan.Parse(record.PlanJson);
                var costliest = plan?.Costliest(1) is [var top, ..] ? top : null;
                var message = $"Statement {s.Ordinal} of {s.Script} in {task.TaskId}: {range.Low / 1000:0.#} to {range.High / 1000:0.#} ms expected "
                    + $"(median {range.Median / 1000:0.#} ms of the last {range.HistorySize} runs), took {record.DurationMs:0.#} ms"
                    + (costliest is null ? "" : $"; costliest plan node: {costliest}");
                logger.LogWarning("Statement-duration anomaly: {Message}", message);
                events.Add(new QualityEvent
                {
                    Kind = QualityEventKinds.StatementDurationAnomaly,
                    Severity = "warn",
                    DagId = run.DagId,
                    RunId = run.RunId,
                    TaskId = task.TaskId,
                    TryNumber = task.TryNumber,
                    Message = message,
                    Before = JsonSerializer.Serialize(before),
                    After = JsonSerializer.Serialize(new
                    {
                        statement = s.Ordinal, script = s.Script, expected_low_ms = Math.Max(0, range.Low / 1000), expected_high_ms = range.High / 1000,
                        median_ms = range.Median / 1000, actual_ms = record.DurationMs, costliest_node = costliest?.ToString(),
                        sequential_scans = plan?.SequentialScans.Select(n => n.Relation).ToList(),
                    }),
                    At = at,
                });
            }
        }

        return records;
    }

    /// <summary>Statement text kept per statement.</summary>
    public const int MaxStatementChars = 8_000;

    /// <summary>Plan JSON kept per statement; a larger plan is replaced by a note saying so.</summary>
    public const int MaxPlanChars = 200_000;

    private static string Mask(string text, PiiMasker? masker) => masker?.MaskText(text) ?? SecretValues.Mask(text);

    private static string Cap(string text, int max) => text.Length <= max ? text : text[..max] + " ...";

    private static string TooLargePlan(int length) =>
        JsonSerializer.Serialize(new[] { new { Plan = new Dictionary<string, object> { ["Node Type"] = $"(a plan of {length} characters was not kept: the limit is {MaxPlanChars})" } } });

    private static string SeverityName(CheckSeverity severity) => severity == CheckSeverity.Error ? "error" : "warn";
}
