using System.ComponentModel;
using DataEngineer.Core.Quality;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using ModelContextProtocol.Server;
using DataEngineer.Core.Mapping;

namespace DataEngineer.Host.Mcp;

/// <summary>The MCP tools about runs: why one failed or slowed down, a try's log, and the plans of a task's statements.</summary>
[McpServerToolType]
internal sealed class RunTools(McpFacts facts)
{
    private const int MaxPlanChars = 20_000;

    [McpServerTool(Name = "diagnose_run", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false)]
    [Description("Why a run failed or was slow: the root-cause tasks (not the downstream symptoms) with error, tries and last log lines, "
        + "failed checks with failing-row samples, data events (new values, row-count and size anomalies with their expected band, schema drift), "
        + "and what changed since the last good run: DAG version, slower statements and their plans.")]
    public async Task<string> DiagnoseRunAsync(
        [Description("The DAG's id, e.g. orders_etl.")] string? dagId = null,
        [Description("The run's id; default the DAG's latest run.")] string? runId = null,
        CancellationToken ct = default)
    {
        var run = await RunArgumentAsync(dagId, runId, ct);
        return await facts.ReplyAsync(await new RunDiagnosis(facts).DiagnoseAsync(run, ct), ct);
    }

    [McpServerTool(Name = "get_task_logs", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false)]
    [Description("The log lines of one try of a task (the last ones by default), masked as in the UI.")]
    public async Task<string> GetTaskLogsAsync(
        [Description("The DAG's id.")] string? dagId = null,
        [Description("The run's id; default the DAG's latest run.")] string? runId = null,
        [Description("The task's id.")] string? taskId = null,
        [Description("The try; default the task's latest.")] int? tryNumber = null,
        [Description("How many of the last lines (default 100, cap 500).")] int? tail = null,
        [Description("Only lines containing this text (case-insensitive).")] string? search = null,
        CancellationToken ct = default)
    {
        var run = await RunArgumentAsync(dagId, runId, ct);
        var task = TaskArgument(run, taskId);
        var max = McpFacts.Limit(tail, "tail", 100, 500);
        var number = tryNumber ?? task.TryNumber;
        if (number < 1 || number > Math.Max(1, task.TryNumber))
        {
            throw McpFacts.BadArgument("tryNumber", $"{number} is not a try of {task.TaskId} in {run.Run.RunId}: it has tries 1 to {task.TryNumber}.");
        }

        var lines = await facts.Logs.GetLogAsync(run.Run.Key, task.TaskId, number, ct);
        var matching = string.IsNullOrEmpty(search) ? lines : [.. lines.Where(l => l.Message.Contains(search, StringComparison.OrdinalIgnoreCase))];
        var shown = matching.Skip(Math.Max(0, matching.Count - max)).ToList();
        return await facts.ReplyAsync(new
        {
            dag_id = run.Run.DagId,
            run_id = run.Run.RunId,
            task_id = task.TaskId,
            try_number = number,
            state = StateNames.Of(task.State),
            lines = shown.Select(l => new { at = McpFacts.Time(l.At), level = l.Level, message = McpFacts.CapText(l.Message, 2_000) }),
            note = matching.Count > shown.Count ? $"capped: the last {shown.Count} of {matching.Count} lines; raise 'tail' (cap 500) or narrow with 'search'" : null,
        }, ct);
    }

    [McpServerTool(Name = "query_plan", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false)]
    [Description("The recorded SQL statements of a task's try with duration, rows and EXPLAIN plan, its costliest nodes and sequential scans named, "
        + "against the statement's median duration over its last runs.")]
    public async Task<string> QueryPlanAsync(
        [Description("The DAG's id.")] string? dagId = null,
        [Description("The task's id (a SQL task or one calling RunSqlAsync).")] string? taskId = null,
        [Description("The run's id; default the DAG's latest run.")] string? runId = null,
        [Description("The try; default the task's latest with statements.")] int? tryNumber = null,
        CancellationToken ct = default)
    {
        var run = await RunArgumentAsync(dagId, runId, ct);
        var task = TaskArgument(run, taskId);
        var statements = await facts.Quality.ListStatementsAsync(run.Run.Key, task.TaskId, ct);
        var number = tryNumber ?? (statements.Count == 0 ? task.TryNumber : statements.Max(s => s.TryNumber));
        var ofTry = statements.Where(s => s.TryNumber == number).ToList();
        var history = await facts.Quality.ListStatementDurationsAsync(run.Run.DagId, task.TaskId, 14, ct);
        var notes = new List<string>();
        if (ofTry.Count == 0)
        {
            notes.Add($"try {number} of {task.TaskId} recorded no SQL statements: only SQL tasks and RunSqlAsync record them");
        }

        var (shown, capped) = McpFacts.Cap(ofTry, 30, "statements", "ask for one try at a time");
        if (capped is not null)
        {
            notes.Add(capped);
        }

        return await facts.ReplyAsync(new
        {
            dag_id = run.Run.DagId,
            run_id = run.Run.RunId,
            task_id = task.TaskId,
            try_number = number,
            statements = shown.Select(s => Describe(s, history, notes)),
            notes = notes.Count == 0 ? null : notes,
        }, ct);
    }

    /// <summary>One statement as the tools show it: timing against its history, the plan's costliest nodes and sequential scans, and the plan when small enough.</summary>
    public static object Describe(StatementRecord s, IReadOnlyList<StatementDuration> history, List<string>? notes)
    {
        var plan = QueryPlan.Parse(s.PlanJson);
        var before = history.Where(h => h.Script == s.Script && h.Ordinal == s.Ordinal).Select(h => h.DurationMs).Order().ToList();
        var tooLarge = s.PlanJson is { Length: > MaxPlanChars };
        if (tooLarge)
        {
            notes?.Add($"capped: the plan of statement {s.Ordinal} has {s.PlanJson!.Length} characters; its costliest nodes are named, the plan itself is left out");
        }

        return new
        {
            ordinal = s.Ordinal,
            script = s.Script,
            sql = McpFacts.CapText(s.Sql, 2_000),
            duration_ms = Math.Round(s.DurationMs, 2),
            median_ms_of_recent_runs = before.Count == 0 ? (double?)null : Math.Round(before[before.Count / 2], 2),
            rows = s.Rows,
            total_cost = plan?.TotalCost,
            costliest_nodes = plan?.Costliest(3).Select(n => n.ToString()),
            sequential_scans = plan?.SequentialScans.Select(n => n.Relation),
            plan = plan is null || tooLarge ? null : McpFacts.Parsed(s.PlanJson),
            explained = s.PlanJson is not null,
        };
    }

    private async Task<RunSnapshot> RunArgumentAsync(string? dagId, string? runId, CancellationToken ct)
    {
        var dag = McpFacts.Required(dagId, "dagId", "orders_etl");
        if (await facts.DagStore.GetDagAsync(dag, ct) is null)
        {
            throw McpFacts.BadArgument("dagId", $"no DAG '{dag}' is known; list_dags lists them.");
        }

        if (string.IsNullOrWhiteSpace(runId))
        {
            var latest = await facts.Queries.ListRunsAsync(dag, limit: 1, ct: ct);
            return latest.Count == 0
                ? throw McpFacts.BadArgument("dagId", $"DAG '{dag}' has no runs yet.")
                : await facts.Queries.GetRunAsync(latest[0].Key, ct) ?? throw McpFacts.BadArgument("runId", "the latest run just disappeared; try again.");
        }

        return await facts.Queries.GetRunAsync(new RunKey(dag, runId.Trim()), ct)
            ?? throw McpFacts.BadArgument("runId", $"DAG '{dag}' has no run '{runId.Trim()}'; explore_dag lists its recent runs.");
    }

    private static TaskInstance TaskArgument(RunSnapshot run, string? taskId)
    {
        var id = McpFacts.Required(taskId, "taskId", "load_orders");
        return run.Tasks.TryGetValue(id, out var task)
            ? task
            : throw McpFacts.BadArgument("taskId", $"run {run.Run.RunId} of {run.Run.DagId} has no task '{id}'; its tasks are {TaskIdList.Of(run.Tasks.Keys.Order(StringComparer.Ordinal))}.");
    }
}
