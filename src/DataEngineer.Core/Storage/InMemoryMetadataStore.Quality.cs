namespace DataEngineer.Core.Storage;

public sealed partial class InMemoryMetadataStore
{
    private readonly Dictionary<string, DatasetRecord> _datasets = new(StringComparer.Ordinal);
    private readonly List<DatasetWrite> _datasetWrites = [];
    private readonly List<SchemaVersion> _schemaVersions = [];
    private readonly List<CheckRecord> _checks = [];
    private readonly List<StatementRecord> _statements = [];
    private readonly List<QualityEvent> _events = [];
    private readonly Dictionary<(string DagId, string TaskId, string Source), Watermark> _watermarks = [];

    public Task RecordTryObservationsAsync(TryObservations observations, CancellationToken ct = default)
    {
        lock (_lock)
        {
            foreach (var write in observations.Writes)
            {
                var versions = _schemaVersions.Where(v => v.Dataset == write.Dataset).ToList();
                var version = versions.Count == 0 ? 0 : versions[^1].Version;
                if (version == 0 || !versions[^1].Columns.SequenceEqual(write.Columns))
                {
                    version++;
                    _schemaVersions.Add(new SchemaVersion(write.Dataset, version, write.Columns, write.DagId, write.RunId, write.At));
                }

                _datasetWrites.Add(write with { SchemaVersion = version });
                _datasets[write.Dataset] = new DatasetRecord
                {
                    Name = write.Dataset,
                    DagId = write.DagId,
                    TaskId = write.TaskId,
                    LastRunId = write.RunId,
                    LastWrittenAt = write.At,
                    DataUpdatedAt = write.DataUpdatedAt,
                    RowCount = write.RowCount,
                    FreshnessSla = write.FreshnessSla,
                    SchemaVersion = version,
                    Columns = write.Columns,
                    ColumnValues = write.ColumnValues,
                };
            }

            _checks.AddRange(observations.Checks);
            _statements.AddRange(observations.Statements);
            foreach (var mark in observations.Watermarks)
            {
                _watermarks[(mark.DagId, mark.TaskId, mark.Source)] = mark;
            }

            foreach (var e in observations.Events)
            {
                AddEvent(e);
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<StatementRecord>> ListStatementsAsync(RunKey run, string? taskId = null, CancellationToken ct = default)
    {
        lock (_lock)
        {
            IReadOnlyList<StatementRecord> statements = _statements
                .Where(s => s.DagId == run.DagId && s.RunId == run.RunId && (taskId is null || s.TaskId == taskId))
                .OrderBy(s => s.TaskId, StringComparer.Ordinal).ThenBy(s => s.TryNumber).ThenBy(s => s.Ordinal).ToList();
            return Task.FromResult(statements);
        }
    }

    public Task<IReadOnlyList<StatementDuration>> ListStatementDurationsAsync(string dagId, string taskId, int limit, CancellationToken ct = default)
    {
        lock (_lock)
        {
            IReadOnlyList<StatementDuration> durations = _statements.Where(s => s.DagId == dagId && s.TaskId == taskId)
                .Reverse().GroupBy(s => (s.Script, s.Ordinal)).SelectMany(g => g.Take(limit))
                .Select(s => new StatementDuration(s.Script, s.Ordinal, s.DurationMs)).ToList();
            return Task.FromResult(durations);
        }
    }

    public Task<DatasetRecord?> GetDatasetAsync(string name, CancellationToken ct = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_datasets.TryGetValue(name, out var dataset) ? WithBreach(dataset) : null);
        }
    }

    public Task<IReadOnlyList<DatasetRecord>> ListDatasetsAsync(CancellationToken ct = default)
    {
        lock (_lock)
        {
            IReadOnlyList<DatasetRecord> datasets = _datasets.Values.OrderBy(d => d.Name, StringComparer.Ordinal).Select(WithBreach).ToList();
            return Task.FromResult(datasets);
        }
    }

    public Task<IReadOnlyList<DatasetWrite>> ListDatasetWritesAsync(string name, int limit, CancellationToken ct = default)
    {
        lock (_lock)
        {
            IReadOnlyList<DatasetWrite> writes = _datasetWrites.Where(w => w.Dataset == name).Reverse().Take(limit).ToList();
            return Task.FromResult(writes);
        }
    }

    public Task<IReadOnlyList<long>> ListRowsWrittenAsync(string dataset, string dagId, string taskId, int limit, DayOfWeek? weekday = null, CancellationToken ct = default)
    {
        lock (_lock)
        {
            IReadOnlyList<long> rows = _datasetWrites
                .Where(w => w.Dataset == dataset && w.DagId == dagId && w.TaskId == taskId && (weekday is null || w.LogicalDate.UtcDateTime.DayOfWeek == weekday))
                .Reverse().Take(limit).Select(w => w.RowsWritten).ToList();
            return Task.FromResult(rows);
        }
    }

    public Task<IReadOnlyList<SchemaVersion>> ListSchemaVersionsAsync(string name, CancellationToken ct = default)
    {
        lock (_lock)
        {
            IReadOnlyList<SchemaVersion> versions = _schemaVersions.Where(v => v.Dataset == name).ToList();
            return Task.FromResult(versions);
        }
    }

    public Task<IReadOnlyList<CheckRecord>> ListCheckResultsAsync(RunKey run, CancellationToken ct = default)
    {
        lock (_lock)
        {
            IReadOnlyList<CheckRecord> checks = _checks.Where(c => c.DagId == run.DagId && c.RunId == run.RunId).ToList();
            return Task.FromResult(checks);
        }
    }

    public Task<bool> OpenFreshnessBreachAsync(QualityEvent breach, CancellationToken ct = default)
    {
        lock (_lock)
        {
            if (OpenBreach(breach.Dataset!) is not null)
            {
                return Task.FromResult(false);
            }

            AddEvent(breach);
            return Task.FromResult(true);
        }
    }

    public Task<bool> ResolveFreshnessBreachAsync(string dataset, DateTimeOffset at, CancellationToken ct = default)
    {
        lock (_lock)
        {
            if (OpenBreach(dataset) is not { } open)
            {
                return Task.FromResult(false);
            }

            _events[_events.IndexOf(open)] = open with { ResolvedAt = at };
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<QualityEvent>> ListQualityEventsAsync(long afterId, int limit, CancellationToken ct = default)
    {
        lock (_lock)
        {
            IReadOnlyList<QualityEvent> events = _events.Where(e => e.Id > afterId).Take(limit).ToList();
            return Task.FromResult(events);
        }
    }

    public Task<IReadOnlyList<QualityEvent>> ListDatasetEventsAsync(string dataset, int limit, CancellationToken ct = default)
    {
        lock (_lock)
        {
            IReadOnlyList<QualityEvent> events = _events.Where(e => e.Dataset == dataset).OrderByDescending(e => e.Id).Take(limit).ToList();
            return Task.FromResult(events);
        }
    }

    public Task<Watermark?> GetWatermarkAsync(string dagId, string taskId, string source, CancellationToken ct = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_watermarks.GetValueOrDefault((dagId, taskId, source)));
        }
    }

    public Task<IReadOnlyList<Watermark>> ListWatermarksAsync(string dagId, CancellationToken ct = default)
    {
        lock (_lock)
        {
            IReadOnlyList<Watermark> marks = _watermarks.Values.Where(w => w.DagId == dagId)
                .OrderBy(w => w.TaskId, StringComparer.Ordinal).ThenBy(w => w.Source, StringComparer.Ordinal).ToList();
            return Task.FromResult(marks);
        }
    }

    public Task<int> ResetWatermarksAsync(string dagId, string? taskId, string? source, CancellationToken ct = default)
    {
        lock (_lock)
        {
            var keys = _watermarks.Keys.Where(k => k.DagId == dagId && (taskId is null || k.TaskId == taskId) && (source is null || k.Source == source)).ToList();
            keys.ForEach(k => _watermarks.Remove(k));
            return Task.FromResult(keys.Count);
        }
    }

    public Task<IReadOnlyList<QualityEvent>> ListRunEventsAsync(RunKey run, int limit, CancellationToken ct = default)
    {
        lock (_lock)
        {
            IReadOnlyList<QualityEvent> events = _events.Where(e => e.DagId == run.DagId && e.RunId == run.RunId).Take(limit).ToList();
            return Task.FromResult(events);
        }
    }

    private void AddEvent(QualityEvent e) => _events.Add(e with { Id = _events.Count + 1 });

    private QualityEvent? OpenBreach(string dataset) =>
        _events.FirstOrDefault(e => e.Kind == QualityEventKinds.FreshnessBreach && e.Dataset == dataset && e.ResolvedAt is null);

    private DatasetRecord WithBreach(DatasetRecord dataset) => dataset with { BreachedSince = OpenBreach(dataset.Name)?.At };
}
