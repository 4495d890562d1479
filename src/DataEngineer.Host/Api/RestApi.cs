using DataEngineer.Core.Alerts;
using DataEngineer.Core.Catalog;
using DataEngineer.Core.Governance;
using DataEngineer.Core.Execution;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Host.Web;
using DataEngineer.Core.Operations;
using DataEngineer.Ui.Presentation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace DataEngineer.Host.Api;

/// <summary>
/// JSON under <c>/api/v1</c>, shaped like Airflow's REST API: DAGs (list, get, pause), runs (list, get,
/// trigger with conf; the actions on a run are <see cref="RunActionsApi"/>), task instances, tries and logs, backfills (<see cref="BackfillsApi"/>), datasets, alerts, health, what is broken
/// now, the audit log, variables (<see cref="VariablesApi"/>). Reads need the viewer role, actions the operator role (checked again by
/// <see cref="DagOperations"/>), the audit log and variables admin.
/// </summary>
internal static class RestApi
{
    public const string Prefix = "/api/v1";

    /// <summary>Every path under it is the API's: an unknown one there is a problem-details 404, not a page.</summary>
    public const string Root = "/api";
    private const int MaxLimit = 500;

    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Prefix).AddEndpointFilter<ApiErrors>().WithTags("DataEngineer")
            .WithProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        var read = api.MapGroup("").RequireAuthorization(ApiPolicies.Read);
        var operate = api.MapGroup("").RequireAuthorization(ApiPolicies.Operate).WithProblems(StatusCodes.Status409Conflict);

        read.MapGet("/dags", ListDagsAsync).WithName("list_dags")
            .WithSummary("DAGs with schedule, next run, last run state and recent runs").Produces<ApiPage<ApiDag>>();
        read.MapGet("/dags/{dagId}", GetDagAsync).WithName("get_dag").WithSummary("One DAG").Produces<ApiDag>();
        operate.MapPatch("/dags/{dagId}", PatchDagAsync).WithName("patch_dag").WithSummary("Pause or unpause a DAG").Produces<ApiDagPause>();
        api.MapDelete("/dags/{dagId}", DeleteDagAsync).RequireAuthorization(ApiPolicies.Admin).ProducesProblem(StatusCodes.Status409Conflict).WithName("delete_dag")
            .WithSummary("Delete a DAG's metadata: runs, tries, logs, XCom and every row naming it (admin; refused while a task of it runs)").Produces<ApiDagDelete>();
        read.MapGet("/dags/{dagId}/versions/{version}/code", GetCodeAsync).WithName("get_dag_code")
            .WithSummary("The source of a DAG version (a run's dag_version)").Produces<ApiDagCode>();
        read.MapGet("/dags/{dagId}/dagRuns", ListRunsAsync).WithName("list_dag_runs").WithSummary("A DAG's runs, newest first").Produces<ApiPage<ApiRun>>();
        operate.MapPost("/dags/{dagId}/dagRuns", TriggerAsync).WithName("trigger_dag_run")
            .WithSummary("Trigger a run, with conf and a logical date").Produces<ApiRun>(StatusCodes.Status201Created);
        read.MapGet("/dags/{dagId}/dagRuns/{runId}", GetRunAsync).WithName("get_dag_run")
            .WithSummary("A run, its task instances and the dataset updates it consumed").Produces<ApiRunDetail>();
        read.MapGet("/dags/{dagId}/dagRuns/{runId}/taskInstances", ListTaskInstancesAsync).WithName("list_task_instances")
            .WithSummary("A run's task instances").Produces<IReadOnlyList<ApiTaskInstance>>();
        read.MapGet("/dags/{dagId}/dagRuns/{runId}/taskInstances/{taskId}/dependencies", DependenciesAsync).WithName("get_task_instance_dependencies")
            .WithSummary("Why a task instance is not running now: its state, then each failed dependency (tasks failed-deps)").Produces<IReadOnlyList<ApiTaskDependency>>();
        read.MapGet("/dags/{dagId}/dagRuns/{runId}/taskInstances/{taskId}/tries", ListTriesAsync).WithName("list_task_tries")
            .WithSummary("A task instance's tries, with their trace ids").Produces<IReadOnlyList<ApiTaskTry>>();
        read.MapGet("/dags/{dagId}/dagRuns/{runId}/taskInstances/{taskId}/logs/{tryNumber:int}", GetLogAsync).WithName("get_log")
            .WithSummary("A try's log from line offset on").Produces<ApiTaskLog>();
        read.MapGet("/health", HealthAsync).WithName("get_health").WithSummary("Processes, queue depths and pools").Produces<ApiHealth>();
        read.MapGet("/broken", BrokenNowAsync).WithName("get_broken_now").WithSummary("What is broken now, as the Broken now page shows it").Produces<ApiBrokenNow>();
        read.MapGet("/datasets", ListDatasetsAsync).WithName("list_datasets")
            .WithSummary("Datasets with row count, freshness and SLA state").Produces<ApiPage<ApiDataset>>();
        read.MapGet("/datasets/{name}", GetDatasetAsync).WithName("get_dataset")
            .WithSummary("One dataset: newest writes, schema versions, quality events").Produces<ApiDatasetDetail>();
        read.MapGet("/datasets/{name}/catalog", GetDatasetCatalogAsync).WithName("get_dataset_catalog")
            .WithSummary("A dataset's catalog entry: owner, contract, columns, PII, retention").Produces<ApiDatasetCatalog>();
        read.MapGet("/datasets/{name}/lineage", GetDatasetLineageAsync).WithName("get_dataset_lineage")
            .WithSummary("Lineage across DAGs, upstream and downstream").Produces<ApiLineage>();
        read.MapGet("/alerts", ListAlertsAsync).WithName("list_alerts").WithSummary("Recorded alerts, newest first").Produces<IReadOnlyList<ApiAlert>>();
        RunActionsApi.Map(operate);
        BackfillsApi.Map(read, operate);
        InspectionApi.Map(read);
        api.MapGet("/auditLog", AuditAsync).RequireAuthorization(ApiPolicies.Admin).WithName("list_audit_log")
            .WithSummary("The audit log of every change people made").Produces<ApiPage<AuditEntry>>();
        VariablesApi.Map(api);
    }

    private static async Task<IResult> ListDagsAsync(
        IRunQueries queries, IDagRegistry dags, TimeProvider time, string? search, string? tag, string? owner, [FromQuery(Name = "last_run_state")] string? lastRunState, bool? paused,
        int? offset, int? limit, CancellationToken ct)
    {
        DagRunState? state = null;
        if (lastRunState is not null)
        {
            if (!Enum.GetValues<DagRunState>().Any(s => StateNames.Of(s) == lastRunState))
            {
                return ApiErrors.BadRequest($"last_run_state '{lastRunState}' is not one of queued, running, success, failed.");
            }

            state = Enum.GetValues<DagRunState>().First(s => StateNames.Of(s) == lastRunState);
        }

        var (from, size) = Paging(offset, limit);
        var page = await queries.ListDagOverviewsAsync(new DagOverviewQuery
        {
            Search = search, Tag = tag, Owner = owner, LastRunState = state, Paused = paused, Offset = from, Limit = size,
        }, ct);
        var now = time.GetUtcNow();
        return Results.Ok(new ApiPage<ApiDag>(page.Dags.Select(d => ApiDag.Of(d, dags.Find(d.Dag.DagId), now)).ToList(), page.Total, from, size));
    }

    private static async Task<IResult> GetDagAsync(IRunQueries queries, IDagStore dagStore, IDagRegistry dags, TimeProvider time, string dagId, CancellationToken ct)
    {
        if (await dagStore.GetDagAsync(dagId, ct) is not { } dag)
        {
            return ApiErrors.NotFound($"No DAG '{dagId}'.");
        }

        var recent = await queries.ListRunsAsync(dagId, null, 10, ct);
        return Results.Ok(ApiDag.Of(new DagOverview(dag, recent), dags.Find(dagId), time.GetUtcNow()));
    }

    private static async Task<IResult> PatchDagAsync(DagOperations operations, HttpContext http, string dagId, PatchDagRequest body, CancellationToken ct)
    {
        if (body.IsPaused is not { } paused)
        {
            return ApiErrors.BadRequest("Give is_paused: true or false.");
        }

        await operations.SetPausedAsync(Actor.Of(http.User), dagId, paused, ct);
        return Results.Ok(new ApiDagPause(dagId, paused));
    }

    private static async Task<IResult> DeleteDagAsync([FromServices] DagDeletion deletion, IDagRegistry dags, HttpContext http, string dagId, CancellationToken ct)
    {
        var deleted = await deletion.DeleteAsync(Actor.Of(http.User), dagId, ct);
        return Results.Ok(new ApiDagDelete(dagId, deleted.ToDictionary(d => d.Table, d => d.Rows), StillLoaded: dags.Find(dagId) is not null));
    }

    private static async Task<IResult> DependenciesAsync(IDagStore dagStore, IRunQueries queries, IProcessRegistry processes, TimeProvider time, string dagId, string runId, string taskId, CancellationToken ct) =>
        Results.Ok((await new TaskDependencies(dagStore, queries, processes, time).ExplainAsync(dagId, runId, taskId, ct)).Select(d => new ApiTaskDependency(d.Check, d.Reason)).ToList());

    private static async Task<IResult> ListRunsAsync(IRunQueries queries, string dagId, int? offset, int? limit, CancellationToken ct)
    {
        var (from, size) = Paging(offset, limit);
        var page = await queries.ListRunHistoryAsync(dagId, from, size, ct);
        return Results.Ok(new ApiPage<ApiRun>(page.Runs.Select(r => ApiRun.Of(r.Run)).ToList(), page.Total, from, size));
    }

    private static async Task<IResult> TriggerAsync(DagOperations operations, HttpContext http, string dagId, TriggerRunRequest? body, CancellationToken ct)
    {
        var conf = body?.Conf is { } c ? c.GetRawText() : null;
        var run = await operations.TriggerAsync(Actor.Of(http.User), dagId, conf, body?.LogicalDate, ct);
        return Results.Created($"{Prefix}/dags/{Uri.EscapeDataString(dagId)}/dagRuns/{Uri.EscapeDataString(run.RunId)}", ApiRun.Of(run));
    }

    private static async Task<IResult> GetRunAsync(IRunQueries queries, IDatasetEventStore datasetEvents, string dagId, string runId, CancellationToken ct) =>
        await queries.GetRunAsync(new RunKey(dagId, runId), ct) is { } run
            ? Results.Ok(await ApiRunDetail.OfAsync(datasetEvents, run, ct))
            : ApiErrors.NotFound($"DAG '{dagId}' has no run '{runId}'.");

    private static async Task<IResult> ListTaskInstancesAsync(IRunQueries queries, string dagId, string runId, CancellationToken ct) =>
        await queries.GetRunAsync(new RunKey(dagId, runId), ct) is { } run
            ? Results.Ok(ApiRunDetail.TaskInstancesOf(run))
            : ApiErrors.NotFound($"DAG '{dagId}' has no run '{runId}'.");

    private static async Task<IResult> ListTriesAsync(IRunQueries queries, ITryTraceStore traces, UiOptions options, string dagId, string runId, string taskId, CancellationToken ct)
    {
        if (await TaskMissingAsync(queries, dagId, runId, taskId, ct) is { } missing)
        {
            return missing;
        }

        var key = new RunKey(dagId, runId);
        var recorded = await traces.ListTryTracesAsync(key, taskId, ct);
        return Results.Ok((await queries.ListTriesAsync(key, taskId, ct)).Select(t => ApiTaskTry.Of(t, recorded.GetValueOrDefault(t.TryNumber), options)).ToList());
    }

    private static async Task<IResult> GetCodeAsync(IDagStore dagStore, IDagCodeStore code, IDagRegistry dags, string dagId, string version, CancellationToken ct)
    {
        var structure = await dagStore.GetVersionAsync(dagId, version, ct);
        var loaded = dags.Find(dagId, version);
        if (structure is null && loaded is null)
        {
            return ApiErrors.NotFound($"DAG '{dagId}' has no version '{version}' recorded. A run's dag_version names the version it used.");
        }

        var text = await code.GetVersionCodeAsync(dagId, version, ct) ?? (dags as IDagCodeSource)?.CodeOf(dagId, version);
        var source = structure?.Source ?? loaded!.Definition.DagType.FullName;
        return Results.Ok(ApiDagCode.Of(dagId, version, source, text, text is null ? DagCodeNotes.Missing(version, source) : null));
    }

    // offset: the lines already read; a tail passes next_offset back until try_state is no longer running.
    private static async Task<IResult> GetLogAsync(IRunQueries queries, ITaskLogStore logs, IDagRegistry dags, string dagId, string runId, string taskId, int tryNumber, int? offset,
        CancellationToken ct)
    {
        if (tryNumber < 1)
        {
            return ApiErrors.BadRequest($"try_number {tryNumber} is below 1; tries are numbered from 1.");
        }

        if (offset is < 0)
        {
            return ApiErrors.BadRequest($"offset {offset} is negative; give 0 or more (the next_offset of the previous read).");
        }

        if (await TaskMissingAsync(queries, dagId, runId, taskId, ct) is { } missing)
        {
            return missing;
        }

        var key = new RunKey(dagId, runId);
        var tries = await queries.ListTriesAsync(key, taskId, ct);
        if (tries.FirstOrDefault(t => t.TryNumber == tryNumber) is not { } shown)
        {
            return ApiErrors.NotFound(tries.Count == 0
                ? $"Task '{taskId}' has not run yet in run '{runId}'."
                : $"Task '{taskId}' has tries 1 to {tries[^1].TryNumber} in run '{runId}', not {tryNumber}.");
        }

        var from = offset ?? 0;
        var lines = PiiDisplay.Of(dags).Log(await logs.GetLogAsync(key, taskId, tryNumber, from, ct));
        return Results.Ok(new ApiTaskLog(dagId, runId, taskId, tryNumber, StateNames.Of(shown.State), from, from + lines.Count,
            [.. lines.Select(l => new ApiLogLine(l.At, l.Level, l.Message))]));
    }

    private static async Task<IResult?> TaskMissingAsync(IRunQueries queries, string dagId, string runId, string taskId, CancellationToken ct) =>
        await queries.GetRunAsync(new RunKey(dagId, runId), ct) switch
        {
            null => ApiErrors.NotFound($"DAG '{dagId}' has no run '{runId}'."),
            { } run when !run.Tasks.ContainsKey(taskId) => ApiErrors.NotFound($"Run '{runId}' has no task '{taskId}'."),
            _ => null,
        };

    private static async Task<IResult> HealthAsync(IRunQueries queries, IProcessRegistry processes, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var alive = await processes.ListProcessesAsync(now.AddMinutes(-10), ct);
        var queues = await queries.ListQueueDepthsAsync(ct);
        var pools = await queries.ListPoolUsageAsync(ct);
        return Results.Ok(new ApiHealth(
            new ApiStatus("healthy"),
            [.. alive.Select(p => new ApiProcess(p.ProcessId, p.Hostname, p.Roles, p.Queues, p.Concurrency, p.StartedAt, p.HeartbeatAt,
                now - p.HeartbeatAt < TimeSpan.FromSeconds(30) ? "healthy" : "lost"))],
            [.. queues.Select(q => new ApiQueueDepth(q.Queue, q.Scheduled, q.Queued, q.Running))],
            [.. pools.Select(ApiPoolUsage.Of)]));
    }

    private static async Task<IResult> BrokenNowAsync(IRunQueries queries, IDeadlineStore deadlines, TimeProvider time, CancellationToken ct)
    {
        var query = new BrokenNowQuery { Now = time.GetUtcNow() };
        return Results.Ok(ApiBrokenNow.Of(await queries.GetBrokenNowAsync(query, ct), await deadlines.ListLateRunsAsync(query.Limit, ct), query.Now));
    }

    private static async Task<IResult> ListDatasetsAsync(IDataQualityStore quality, IDatasetCatalogStore catalog, TimeProvider time, int? offset, int? limit, CancellationToken ct)
    {
        var (from, size) = Paging(offset, limit);
        var datasets = await ApiDataset.ListAsync(quality, catalog, time.GetUtcNow(), ct);
        return Results.Ok(new ApiPage<ApiDataset>(datasets.Skip(from).Take(size).ToList(), datasets.Count, from, size));
    }

    private static async Task<IResult> GetDatasetAsync(IDataQualityStore quality, IDagRegistry dags, TimeProvider time, string name, int? limit, CancellationToken ct)
    {
        if (await quality.GetDatasetAsync(name, ct) is not { } dataset)
        {
            return ApiErrors.NotFound($"No dataset '{name}' has been recorded. GET {Prefix}/datasets lists the recorded ones.");
        }

        var size = Limit(limit);
        var writes = await quality.ListDatasetWritesAsync(name, size, ct);
        var pii = PiiDisplay.Of(dags);
        var events = (await quality.ListDatasetEventsAsync(name, size, ct)).Select(pii.Event).ToList();
        var anomalies = events.Where(e => e.Kind == QualityEventKinds.RowCountAnomaly).Select(e => (e.RunId, e.TaskId)).ToHashSet();
        return Results.Ok(new ApiDatasetDetail(
            ApiDataset.Of(dataset, time.GetUtcNow()),
            writes.Select(w => ApiDatasetWrite.Of(w, anomalies.Contains((w.RunId, w.TaskId)))).ToList(),
            await quality.ListSchemaVersionsAsync(name, ct),
            events));
    }

    private static async Task<IResult> GetDatasetCatalogAsync(IDataQualityStore quality, IDatasetCatalogStore catalog, IRunQueries queries, IXComStore xcom, string name, CancellationToken ct)
    {
        var recorded = await quality.GetDatasetAsync(name, ct);
        var entry = await catalog.GetCatalogEntryAsync(name, ct);
        if (recorded is null && entry is null && (await catalog.ListDatasetLineageAsync(name, ct)).Count == 0)
        {
            return UnknownDataset(name);
        }

        var retention = entry?.Retention is null ? null : await RetentionRuns.LastAsync(queries, xcom, name, ct);
        return Results.Ok(ApiDatasetCatalog.Of(name, entry, recorded, retention));
    }

    private static async Task<IResult> GetDatasetLineageAsync(IDataQualityStore quality, IDatasetCatalogStore catalog, string name, string? direction, int? depth, CancellationToken ct)
    {
        if (!Enum.TryParse<LineageDirection>(direction ?? "both", ignoreCase: true, out var way) || !Enum.IsDefined(way) || int.TryParse(direction, out _))
        {
            return ApiErrors.BadRequest($"direction '{direction}' is not one of upstream, downstream, both.");
        }

        if (depth is < 1)
        {
            return ApiErrors.BadRequest($"depth {depth} is below 1: give the number of dataset hops to follow (leave it out for all).");
        }

        var lineage = new DatasetLineage(await catalog.ListLineageEdgesAsync(ct));
        if (!lineage.Knows(name) && await quality.GetDatasetAsync(name, ct) is null && await catalog.GetCatalogEntryAsync(name, ct) is null)
        {
            return UnknownDataset(name);
        }

        return Results.Ok(ApiLineage.Of(lineage.Trace(name, way, depth)));
    }

    private static IResult UnknownDataset(string name) =>
        ApiErrors.NotFound($"No dataset '{name}' is recorded or declared by a loaded DAG. GET {Prefix}/datasets lists the recorded ones.");

    private static async Task<IResult> ListAlertsAsync(IAlertStore alerts, int? limit, CancellationToken ct) =>
        Results.Ok((await alerts.ListAlertsAsync(Limit(limit), ct)).Select(ApiAlert.Of).ToList());

    private static async Task<IResult> AuditAsync(IAuditLog audit, int? offset, int? limit, CancellationToken ct)
    {
        var (from, size) = Paging(offset, limit);
        var page = await audit.ListAuditAsync(from, size, ct);
        var masker = new PiiMasker([]);
        return Results.Ok(new ApiPage<AuditEntry>([.. page.Entries.Select(e => e with { Detail = masker.MaskText(e.Detail) })], page.Total, from, size));
    }

    // A limit above MaxLimit is lowered to it (as Airflow's API does); a negative offset or a limit below 1 is refused.
    private static (int Offset, int Limit) Paging(int? offset, int? limit) =>
        (offset is < 0 ? throw new OperationException($"offset {offset} is negative; give 0 or more.") : offset ?? 0, Limit(limit));

    /// <summary>A list's page size: 100 by default, at most 500 (a larger one is lowered, as Airflow does), a 400 below 1.</summary>
    internal static int Limit(int? limit) =>
        limit is < 1 ? throw new OperationException($"limit {limit} is below 1; give a number from 1 to {MaxLimit}.") : Math.Min(limit ?? 100, MaxLimit);
}
