using DataEngineer.Core.Quality;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;

namespace DataEngineer.Host.Mcp;

/// <summary>
/// diagnose_run's reasoning: a failed task whose upstreams all did their part is a root cause; a failed or
/// upstream_failed task downstream of one is its symptom. Data events and checks of the run say what the data did;
/// the last successful run before it says what changed (DAG version, statements that became slower or scan whole tables).
/// </summary>
internal sealed class RunDiagnosis(McpFacts facts)
{
    private const int LogTail = 15;

    public async Task<object> DiagnoseAsync(RunSnapshot run, CancellationToken ct)
    {
        var key = run.Run.Key;
        var structure = await facts.DagStore.GetVersionAsync(run.Run.DagId, run.Run.DagVersion, ct);
        var upstream = (structure?.Tasks ?? []).ToDictionary(t => t.TaskId, t => t.Upstream, StringComparer.Ordinal);
        var failed = run.Tasks.Values.Where(t => t.State == TaskInstanceState.Failed).Select(t => t.TaskId).ToHashSet(StringComparer.Ordinal);
        var roots = failed.Where(t => !Ancestors(t, upstream).Any(failed.Contains)).Order(StringComparer.Ordinal).ToList();
        var symptoms = run.Tasks.Values
            .Where(t => t.State is TaskInstanceState.UpstreamFailed || (t.State == TaskInstanceState.Failed && !roots.Contains(t.TaskId)))
            .Select(t => new
            {
                task_id = t.TaskId,
                state = StateNames.Of(t.State),
                caused_by = Ancestors(t.TaskId, upstream).Where(roots.Contains).Order(StringComparer.Ordinal).ToList(),
            })
            .OrderBy(t => t.task_id, StringComparer.Ordinal).ToList();

        var rootTasks = new List<object>();
        var findings = new List<string>();
        foreach (var id in roots)
        {
            var task = run.Tasks[id];
            var tries = await facts.Queries.ListTriesAsync(key, id, ct);
            var tail = task.TryNumber > 0 ? await facts.Logs.GetLogTailAsync(key, id, task.TryNumber, LogTail, ct) : [];
            var error = task.Error ?? tries.LastOrDefault(t => t.Error is not null)?.Error;
            findings.Add($"Task {id} failed (try {task.TryNumber} of {task.MaxTries}): {FirstLine(error) ?? "no error recorded"}");
            rootTasks.Add(new
            {
                task_id = id,
                error = error is null ? null : McpFacts.CapText(error, 4_000),
                try_number = task.TryNumber,
                max_tries = task.MaxTries,
                tries = tries.Select(t => new { try_number = t.TryNumber, state = StateNames.Of(t.State), error = FirstLine(t.Error) }),
                upstream = upstream.GetValueOrDefault(id, []).Select(u => new { task_id = u, state = run.Tasks.TryGetValue(u, out var up) ? StateNames.Of(up.State) : "unknown" }),
                last_log_lines = tail.Select(l => $"{l.Level} {McpFacts.CapText(l.Message, 500)}"),
            });
        }

        var checks = (await facts.Quality.ListCheckResultsAsync(key, ct)).Where(c => !c.Passed).ToList();
        foreach (var c in checks)
        {
            findings.Add($"Check '{c.Name}' ({c.Kind}, {c.Severity}) on {c.Target} failed: {c.FailingCount} failing rows (task {c.TaskId})");
        }

        var events = await facts.Quality.ListRunEventsAsync(key, 100, ct);
        foreach (var e in events.Where(e => e.Kind != QualityEventKinds.CheckFailed))
        {
            findings.Add($"{e.Kind}: {e.Message}");
        }

        var changes = await ChangesSinceLastGoodAsync(run, structure, findings, ct);
        if (run.Run.State is DagRunState.Running or DagRunState.Queued)
        {
            findings.Add($"The run is still {StateNames.Of(run.Run.State)}: "
                + string.Join(", ", run.Tasks.Values.Where(t => t.State == TaskInstanceState.Running).Select(t => $"{t.TaskId} running since {McpFacts.Time(t.StartedAt)}")));
        }

        return new
        {
            dag_id = run.Run.DagId,
            run_id = run.Run.RunId,
            state = StateNames.Of(run.Run.State),
            logical_date = McpFacts.Time(run.Run.LogicalDate),
            version = run.Run.DagVersion,
            duration_seconds = run.Run.StartedAt is { } s && run.Run.EndedAt is { } e2 ? Math.Round((e2 - s).TotalSeconds, 1) : (double?)null,
            findings = findings.Count == 0 ? ["Nothing failed and nothing unusual was recorded in this run."] : findings,
            root_causes = rootTasks,
            downstream_symptoms = symptoms,
            failed_checks = checks.Take(20).Select(c => new
            {
                task_id = c.TaskId,
                name = c.Name,
                kind = c.Kind,
                severity = c.Severity,
                target = c.Target,
                failing_count = c.FailingCount,
                sample = McpFacts.Parsed(c.SampleJson),
            }),
            data_events = events.Take(50).Select(e => new
            {
                kind = e.Kind,
                severity = e.Severity,
                dataset = e.Dataset,
                task_id = e.TaskId,
                message = e.Message,
                before = McpFacts.Parsed(e.Before),
                after = McpFacts.Parsed(e.After),
            }),
            since_last_good_run = changes,
        };
    }

    private async Task<object?> ChangesSinceLastGoodAsync(RunSnapshot run, DagStructure? structure, List<string> findings, CancellationToken ct)
    {
        var good = (await facts.Queries.ListRunsAsync(run.Run.DagId, DagRunState.Success, 50, ct))
            .Where(r => r.RunId != run.Run.RunId && r.LogicalDate <= run.Run.LogicalDate)
            .MaxBy(r => r.LogicalDate);
        if (good is null)
        {
            return null;
        }

        object? version = null;
        if (good.DagVersion != run.Run.DagVersion && structure is not null && await facts.DagStore.GetVersionAsync(good.DagId, good.DagVersion, ct) is { } before)
        {
            var old = before.Tasks.ToDictionary(t => t.TaskId, StringComparer.Ordinal);
            var now = structure.Tasks.ToDictionary(t => t.TaskId, StringComparer.Ordinal);
            var changed = now.Values.Where(t => old.TryGetValue(t.TaskId, out var o) && !Same(o, t))
                .Select(t => t.TaskId).ToList();
            version = new
            {
                from = good.DagVersion,
                to = run.Run.DagVersion,
                tasks_added = now.Keys.Except(old.Keys).Order(StringComparer.Ordinal),
                tasks_removed = old.Keys.Except(now.Keys).Order(StringComparer.Ordinal),
                tasks_changed = changed,
            };
            findings.Add($"The DAG changed since the last good run {good.RunId}: version {good.DagVersion} -> {run.Run.DagVersion}");
        }

        var latest = Latest(await facts.Quality.ListStatementsAsync(run.Run.Key, ct: ct));
        var earlier = Latest(await facts.Quality.ListStatementsAsync(good.Key, ct: ct)).ToDictionary(s => (s.TaskId, s.Script, s.Ordinal));
        var slower = new List<object>();
        foreach (var s in latest)
        {
            if (!earlier.TryGetValue((s.TaskId, s.Script, s.Ordinal), out var then))
            {
                continue;
            }

            var planNow = QueryPlan.Parse(s.PlanJson);
            var planThen = QueryPlan.Parse(then.PlanJson);
            var newScans = (planNow?.SequentialScans.Select(n => n.Relation) ?? []).Except(planThen?.SequentialScans.Select(n => n.Relation) ?? []).ToList();
            var muchSlower = s.DurationMs >= 2 * then.DurationMs && s.DurationMs - then.DurationMs >= 50;
            if (!muchSlower && newScans.Count == 0)
            {
                continue;
            }

            findings.Add($"Statement {s.Ordinal} of {s.TaskId} ({s.Script}) took {s.DurationMs:0.#} ms, {then.DurationMs:0.#} ms in {good.RunId}"
                + (newScans.Count > 0 ? $"; its plan now reads {string.Join(", ", newScans)} with a sequential scan" : ""));
            slower.Add(new
            {
                task_id = s.TaskId,
                ordinal = s.Ordinal,
                script = s.Script,
                sql = McpFacts.CapText(s.Sql, 1_000),
                duration_ms = Math.Round(s.DurationMs, 2),
                duration_ms_in_last_good_run = Math.Round(then.DurationMs, 2),
                new_sequential_scans = newScans,
                costliest_nodes_now = planNow?.Costliest(3).Select(n => n.ToString()),
                costliest_nodes_then = planThen?.Costliest(3).Select(n => n.ToString()),
            });
        }

        return new { run_id = good.RunId, logical_date = McpFacts.Time(good.LogicalDate), version_change = version, slower_statements = slower };
    }

    private static bool Same(TaskStructure a, TaskStructure b) =>
        a.Kind == b.Kind && a.TriggerRule == b.TriggerRule && a.Retries == b.Retries && a.Upstream.SequenceEqual(b.Upstream)
        && a.Reads.SequenceEqual(b.Reads) && a.Writes.SequenceEqual(b.Writes);

    // Each task's latest try's statements.
    private static List<StatementRecord> Latest(IReadOnlyList<StatementRecord> statements) =>
        [.. statements.GroupBy(s => s.TaskId).SelectMany(g => g.Where(s => s.TryNumber == g.Max(x => x.TryNumber)))];

    private static HashSet<string> Ancestors(string taskId, Dictionary<string, IReadOnlyList<string>> upstream)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>(upstream.GetValueOrDefault(taskId, []));
        while (stack.TryPop(out var next))
        {
            if (seen.Add(next))
            {
                foreach (var up in upstream.GetValueOrDefault(next, []))
                {
                    stack.Push(up);
                }
            }
        }

        return seen;
    }

    private static string? FirstLine(string? text) => text?.Split('\n', 2)[0].Trim() is { Length: > 0 } line ? McpFacts.CapText(line, 500) : null;
}
