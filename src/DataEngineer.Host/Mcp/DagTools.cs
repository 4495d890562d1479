using System.ComponentModel;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using ModelContextProtocol.Server;

namespace DataEngineer.Host.Mcp;

/// <summary>The MCP tools about DAGs: what exists, how one is built, and what failed to load.</summary>
[McpServerToolType]
internal sealed class DagTools(McpFacts facts)
{
    private const int MaxDags = 200;
    private const int MaxCodeChars = 20_000;

    [McpServerTool(Name = "list_dags", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false)]
    [Description("Lists the DAGs the orchestrator knows: id, schedule, owner, tags, paused, and the state of its latest run.")]
    public async Task<string> ListDagsAsync(
        [Description("Only DAGs whose id, owner, description or tags contain this text.")] string? search = null,
        [Description("At most this many DAGs (default 50, cap 200).")] int? limit = null,
        CancellationToken ct = default)
    {
        var max = McpFacts.Limit(limit, "limit", 50, MaxDags);
        var page = await facts.Queries.ListDagOverviewsAsync(new DagOverviewQuery { Search = string.IsNullOrWhiteSpace(search) ? null : search.Trim(), Offset = 0, Limit = max + 1 }, ct);
        var (dags, note) = McpFacts.Cap(page.Dags, max, "DAGs", "narrow with 'search' or raise 'limit'");
        return await facts.ReplyAsync(new
        {
            total = page.Total,
            dags = dags.Select(o => new
            {
                dag_id = o.Dag.DagId,
                schedule = o.Dag.Schedule,
                owner = o.Dag.Owner,
                tags = o.Dag.Tags,
                paused = o.Dag.IsPaused,
                active = o.Dag.IsActive,
                description = o.Dag.Description,
                last_run = o.LastRun is { } run ? new { run_id = run.RunId, state = StateNames.Of(run.State), logical_date = McpFacts.Time(run.LogicalDate) } : null,
            }),
            note,
        }, ct);
    }

    [McpServerTool(Name = "explore_dag", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false)]
    [Description("One DAG: schedule, owner, its tasks with their upstreams, trigger rules and retries, the datasets it reads and writes, its recent runs, and the code of its current version.")]
    public async Task<string> ExploreDagAsync(
        [Description("The DAG's id, e.g. orders_etl.")] string? dagId = null,
        [Description("Include the C# code of the current version (default true).")] bool? includeCode = null,
        CancellationToken ct = default) =>
        await facts.ReplyAsync(await DescribeAsync(facts, McpFacts.Required(dagId, "dagId", "orders_etl"), includeCode ?? true, ct), ct);

    /// <summary>The DAG's facts (also the <c>dataengineer://dags/{dag_id}</c> resource).</summary>
    public static async Task<object> DescribeAsync(McpFacts facts, string dagId, bool includeCode, CancellationToken ct)
    {
        var dag = await facts.DagStore.GetDagAsync(dagId, ct) ?? throw McpFacts.BadArgument("dagId", $"no DAG '{dagId}' is known; list_dags lists them.");
        var structure = await facts.DagStore.GetVersionAsync(dagId, dag.Version, ct);
        var runs = await facts.Queries.ListRunsAsync(dagId, limit: 10, ct: ct);
        var code = includeCode ? await facts.Code.GetVersionCodeAsync(dagId, dag.Version, ct) : null;
        var notes = new List<string>();
        var files = (code?.Files ?? []).Take(5).Select(f =>
        {
            if (f.Text.Length > MaxCodeChars)
            {
                notes.Add($"capped: {f.Path} has {f.Text.Length} characters, {MaxCodeChars} shown");
            }

            return new { path = f.Path, text = McpFacts.CapText(f.Text, MaxCodeChars) };
        }).ToList();
        if (code is { Files.Count: > 5 })
        {
            notes.Add($"capped: {code.Files.Count - 5} more files of its code not shown");
        }

        var tasks = structure?.Tasks ?? [];
        return new
        {
            dag_id = dag.DagId,
            version = dag.Version,
            schedule = structure?.ScheduleDescription ?? dag.Schedule,
            time_zone = dag.TimeZone,
            owner = dag.Owner,
            description = dag.Description,
            tags = dag.Tags,
            paused = dag.IsPaused,
            active = dag.IsActive,
            source = structure?.Source,
            catchup = structure?.Catchup,
            max_active_runs = structure?.MaxActiveRuns,
            tasks = tasks.Select(t => new
            {
                task_id = t.TaskId,
                kind = t.Kind,
                upstream = t.Upstream,
                trigger_rule = t.TriggerRule,
                retries = t.Retries,
                timeout_seconds = t.ExecutionTimeout?.TotalSeconds,
                queue = t.Queue,
                pool = t.Pool,
                reads = t.Reads,
                writes = t.Writes,
            }),
            datasets_read = tasks.SelectMany(t => t.Reads).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal),
            datasets_written = tasks.SelectMany(t => t.Writes).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal),
            recent_runs = runs.Select(r => new
            {
                run_id = r.RunId,
                state = StateNames.Of(r.State),
                type = StateNames.Of(r.Type),
                logical_date = McpFacts.Time(r.LogicalDate),
                version = r.DagVersion,
                duration_seconds = r.StartedAt is { } s && r.EndedAt is { } e ? Math.Round((e - s).TotalSeconds, 1) : (double?)null,
            }),
            code = includeCode ? files : null,
            notes = notes.Count == 0 ? null : notes,
        };
    }

    [McpServerTool(Name = "list_import_errors", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false)]
    [Description("DAG files or classes that failed to load (compile errors, cycles, bad schedules): source, line, DAG and message.")]
    public async Task<string> ListImportErrorsAsync(CancellationToken ct = default)
    {
        var (errors, note) = McpFacts.Cap(await facts.DagStore.ListImportErrorsAsync(ct), 50, "import errors", "fix the first ones, or run 'dataengineer dags import-errors'");
        return await facts.ReplyAsync(new
        {
            import_errors = errors.Select(e => new { source = e.Source, line = e.Line, dag_id = e.DagId, message = McpFacts.CapText(e.Message, 2_000) }),
            note,
        }, ct);
    }
}
