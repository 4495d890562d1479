using System.Text.RegularExpressions;
using DataEngineer.Core.Catalog;
using DataEngineer.Core.Quality;
using DataEngineer.Core.Storage;
using DataEngineer.Sdk;

namespace DataEngineer.Host.Mcp;

/// <summary>dataset_facts' answer (also the <c>dataengineer://datasets/{name}</c> resource), and a dataset's consumers for the lineage tools.</summary>
internal sealed class DatasetFacts(McpFacts facts)
{
    private const int MaxReaders = 20;

    public async Task<object> DescribeAsync(string name, int writeCount, CancellationToken ct)
    {
        var record = await facts.Quality.GetDatasetAsync(name, ct);
        var entry = await facts.Catalog.GetCatalogEntryAsync(name, ct);
        var lineage = new DatasetLineage(await facts.Catalog.ListLineageEdgesAsync(ct));
        if (record is null && entry is null && !lineage.Knows(name))
        {
            throw McpFacts.BadArgument("name", $"no dataset '{name}' is declared or recorded; the datasets_written of explore_dag name the known ones.");
        }

        var writes = await facts.Quality.ListDatasetWritesAsync(name, writeCount + GrowthAnomalies.Size.History, ct);
        var shown = writes.Take(writeCount).ToList();
        var versions = await facts.Quality.ListSchemaVersionsAsync(name, ct);
        var events = await facts.Quality.ListDatasetEventsAsync(name, 30, ct);
        var checks = record is null ? [] : (await facts.Quality.ListCheckResultsAsync(new RunKey(record.DagId, record.LastRunId), ct))
            .Where(c => string.Equals(c.Target, name, StringComparison.Ordinal)).ToList();
        var scans = await SequentialScansAsync(name, lineage, ct);
        return new
        {
            name,
            owner = entry?.Owner,
            description = entry?.Description,
            tags = entry?.Tags,
            contract = entry?.Contract.ToString().ToLowerInvariant(),
            declared_by = entry?.DeclaredBy,
            catalog_warnings = entry?.Warnings is { Count: > 0 } w ? w : null,
            columns = Columns(record, entry),
            row_count = record?.RowCount,
            written_by = record is null ? null : $"{record.DagId}.{record.TaskId}",
            last_run_id = record?.LastRunId,
            freshness = record is null ? null : new
            {
                fresh_as_of = McpFacts.Time(record.FreshAsOf),
                age_hours = Math.Round((facts.Now - record.FreshAsOf).TotalHours, 1),
                sla_hours = record.FreshnessSla?.TotalHours,
                state = record.BreachedSince is not null ? "breached" : record.FreshnessSla is null ? "no SLA" : "within SLA",
                breached_since = McpFacts.Time(record.BreachedSince),
            },
            rows_written_band = Band(writes.Select(w => w.RowsWritten).ToList(), new RowCountAnomalyOptions()),
            size_band = Band(writes.Where(w => w.SizeBytes is not null).Select(w => w.SizeBytes!.Value).ToList(), GrowthAnomalies.Size),
            writes = shown.Select(w => new
            {
                at = McpFacts.Time(w.At),
                run_id = w.RunId,
                task_id = w.TaskId,
                row_count = w.RowCount,
                rows_written = w.RowsWritten,
                size_bytes = w.SizeBytes,
                size = w.SizeBytes is { } b ? ByteSize.Format(b) : null,
                row_estimate = w.RowEstimate,
                schema_version = w.SchemaVersion,
            }),
            schema_versions = versions.Select((v, i) => new
            {
                version = v.Version,
                first_seen_at = McpFacts.Time(v.FirstSeenAt),
                run_id = v.RunId,
                columns = v.Columns.Select(c => $"{c.Name} {c.Type}"),
                removed = i == 0 ? null : versions[i - 1].Columns.Where(c => v.Columns.All(n => n.Name != c.Name)).Select(c => c.Name),
                added = i == 0 ? null : v.Columns.Where(c => versions[i - 1].Columns.All(o => o.Name != c.Name)).Select(c => c.Name),
            }).TakeLast(5),
            latest_checks = checks.Select(c => new
            {
                name = c.Name,
                kind = c.Kind,
                severity = c.Severity,
                passed = c.Passed,
                failing_count = c.FailingCount,
                sample = c.Passed ? null : McpFacts.Parsed(c.SampleJson),
                run_id = c.RunId,
            }),
            events = events.Select(e => new
            {
                kind = e.Kind,
                severity = e.Severity,
                at = McpFacts.Time(e.At),
                run_id = e.RunId,
                message = e.Message,
                before = McpFacts.Parsed(e.Before),
                after = McpFacts.Parsed(e.After),
                resolved_at = McpFacts.Time(e.ResolvedAt),
            }),
            writers = lineage.Knows(name) ? lineage.Writers(name).Select(e => e.Task) : null,
            readers = lineage.Knows(name) ? lineage.Readers(name).Select(e => e.Task) : null,
            sequential_scans_by_readers = scans,
            note = writes.Count > writeCount ? $"capped: the latest {writeCount} writes; raise 'writes' (cap 100) for more" : null,
        };
    }

    /// <summary>
    /// The tasks that read <paramref name="dataset"/>; with a column, whether its change breaks each: a SQL reader breaks when its
    /// latest recorded statements name the column, a C# reader (no statements) is counted as broken because it cannot be told.
    /// </summary>
    public async Task<IReadOnlyList<DatasetConsumerView>> ConsumersAsync(string dataset, DatasetLineage lineage, string? column, CancellationToken ct)
    {
        if (!lineage.Knows(dataset))
        {
            return [];
        }

        var views = new List<DatasetConsumerView>();
        foreach (var reader in lineage.Readers(dataset).DistinctBy(e => e.Task).Take(MaxReaders))
        {
            var statements = await LatestStatementsAsync(reader, ct);
            if (column is null)
            {
                views.Add(new DatasetConsumerView(reader.Task, false, statements.Count == 0 ? "reads it (no SQL recorded)" : $"reads it in {statements.Count} recorded SQL statements"));
            }
            else if (statements.Count == 0)
            {
                views.Add(new DatasetConsumerView(reader.Task, true, "declares it reads the dataset and records no SQL, so which columns it uses cannot be told: assume it breaks"));
            }
            else
            {
                var word = new Regex($@"\b{Regex.Escape(column)}\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
                var naming = statements.Where(s => word.IsMatch(s.Sql)).Select(s => s.Ordinal).ToList();
                views.Add(naming.Count > 0
                    ? new DatasetConsumerView(reader.Task, true, $"its SQL names {column} (statements {string.Join(", ", naming)} of {statements[0].Script})")
                    : new DatasetConsumerView(reader.Task, false, $"none of its {statements.Count} recorded SQL statements names {column}"));
            }
        }

        return views;
    }

    private async Task<IReadOnlyList<object>> SequentialScansAsync(string dataset, DatasetLineage lineage, CancellationToken ct)
    {
        if (!lineage.Knows(dataset))
        {
            return [];
        }

        // Plans name a table without its schema unless it is ambiguous.
        var table = dataset[(dataset.LastIndexOf('.') + 1)..];
        var scans = new List<object>();
        foreach (var reader in lineage.Readers(dataset).Concat(lineage.Writers(dataset)).DistinctBy(e => e.Task).Take(MaxReaders))
        {
            foreach (var s in await LatestStatementsAsync(reader, ct))
            {
                var plan = QueryPlan.Parse(s.PlanJson);
                if (plan?.SequentialScans.FirstOrDefault(n => n.Relation == dataset || n.Relation == table) is { } scan)
                {
                    scans.Add(new { task = reader.Task, run_id = s.RunId, statement = s.Ordinal, duration_ms = Math.Round(s.DurationMs, 2), node = scan.ToString(), costliest_node = plan.Costliest(1)[0].ToString() });
                }
            }
        }

        return scans;
    }

    // The statements of the task's latest successful try among the DAG's last runs (a failed try may have stopped early);
    // else those of its latest try that recorded any.
    private async Task<IReadOnlyList<StatementRecord>> LatestStatementsAsync(LineageEdge task, CancellationToken ct)
    {
        IReadOnlyList<StatementRecord> fallback = [];
        foreach (var run in await facts.Queries.ListRunsAsync(task.DagId, limit: 5, ct: ct))
        {
            var statements = await facts.Quality.ListStatementsAsync(run.Key, task.TaskId, ct);
            if (statements.Count == 0)
            {
                continue;
            }

            var last = statements.Max(x => x.TryNumber);
            var latest = statements.Where(s => s.TryNumber == last).ToList();
            var snapshot = await facts.Queries.GetRunAsync(run.Key, ct);
            if (snapshot?.Tasks.GetValueOrDefault(task.TaskId)?.State == Core.States.TaskInstanceState.Success)
            {
                return latest;
            }

            fallback = fallback.Count == 0 ? latest : fallback;
        }

        return fallback;
    }

    private static object? Band(IReadOnlyList<long> newestFirst, RowCountAnomalyOptions options)
    {
        if (newestFirst.Count < 2 || RowCountAnomalyDetector.Evaluate(newestFirst.Skip(1).Take(options.History).ToList(), newestFirst[0], options) is not { } range)
        {
            return null;
        }

        return new
        {
            latest = newestFirst[0],
            expected_low = Math.Max(0, Math.Ceiling(range.Low)),
            expected_high = Math.Floor(range.High),
            median = range.Median,
            history = range.HistorySize,
            outside = range.IsAnomaly,
        };
    }

    private static IReadOnlyList<object> Columns(DatasetRecord? record, DatasetCatalogEntry? entry)
    {
        var declared = (entry?.Columns ?? []).ToDictionary(c => c.Name, StringComparer.Ordinal);
        var names = (record?.Columns.Select(c => c.Name) ?? []).Concat(declared.Keys).Distinct(StringComparer.Ordinal);
        return [.. names.Select(n =>
        {
            var spec = declared.GetValueOrDefault(n);
            return (object)new
            {
                name = n,
                type = record?.Columns.FirstOrDefault(c => c.Name == n)?.Type,
                declared_type = spec?.Type,
                nullable = spec?.Nullable,
                classification = spec?.Classification?.ToString().ToLowerInvariant(),
                description = spec?.Description,
                accepted_values = spec?.AcceptedValues,
                in_table = record?.Columns.Any(c => c.Name == n),
            };
        })];
    }
}
