namespace DataEngineer.Sdk;

/// <summary>
/// What a try observed of the data: datasets written, quality check results, SQL statements run and high-water marks
/// to advance. The engine records them with the try: check results and statements always, datasets and marks only when
/// the try succeeds.
/// The helpers in <c>DataEngineer.Sdk.Postgres</c> fill it; a task may add to it directly. Thread-safe.
/// </summary>
public sealed class DataObservations
{
    private readonly Lock _lock = new();
    private readonly List<DatasetObservation> _datasets = [];
    private readonly List<CheckResult> _checks = [];
    private readonly List<WatermarkAdvance> _watermarks = [];
    private readonly List<StatementObservation> _statements = [];

    /// <summary>The datasets recorded so far.</summary>
    public IReadOnlyList<DatasetObservation> Datasets => Copy(_datasets);

    /// <summary>The check results recorded so far.</summary>
    public IReadOnlyList<CheckResult> Checks => Copy(_checks);

    /// <summary>The SQL statements run so far, in the order they ran.</summary>
    public IReadOnlyList<StatementObservation> Statements => Copy(_statements);

    /// <summary>The marks to store when the try succeeds (the latest per task and source wins).</summary>
    public IReadOnlyList<WatermarkAdvance> Watermarks => Copy(_watermarks);

    /// <summary>Whether anything was recorded (the engine does no extra work for a try that records nothing).</summary>
    public bool IsEmpty
    {
        get
        {
            lock (_lock)
            {
                return _datasets.Count == 0 && _checks.Count == 0 && _watermarks.Count == 0 && _statements.Count == 0;
            }
        }
    }

    /// <summary>
    /// Records a dataset this try wrote. Recording the same dataset again in the try (an SCD2 load per day, say) keeps
    /// one write of it: the later observation's state, with the rows written of both added up.
    /// </summary>
    public void RecordDataset(DatasetObservation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        lock (_lock)
        {
            var earlier = _datasets.FindIndex(d => string.Equals(d.Dataset.Name, observation.Dataset.Name, StringComparison.Ordinal));
            if (earlier < 0)
            {
                _datasets.Add(observation);
            }
            else
            {
                _datasets[earlier] = observation with { RowsWritten = _datasets[earlier].RowsWritten + observation.RowsWritten };
            }
        }
    }

    /// <summary>Records a quality check's result.</summary>
    public void RecordCheck(CheckResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        lock (_lock)
        {
            _checks.Add(result);
        }
    }

    /// <summary>Records a SQL statement the try ran, with its duration, rows and plan.</summary>
    public void RecordStatement(StatementObservation statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        lock (_lock)
        {
            _statements.Add(statement);
        }
    }

    /// <summary>
    /// Advances a high-water mark when the try succeeds. Call it after the load that consumed the data committed;
    /// a try that fails afterwards leaves the stored mark where it was.
    /// </summary>
    public void AdvanceWatermark(WatermarkAdvance mark)
    {
        ArgumentNullException.ThrowIfNull(mark);
        lock (_lock)
        {
            _watermarks.RemoveAll(w => w.TaskId == mark.TaskId && w.Source == mark.Source);
            _watermarks.Add(mark);
        }
    }

    private List<T> Copy<T>(List<T> items)
    {
        lock (_lock)
        {
            return [.. items];
        }
    }
}
