using System.Text.Json;
using DataEngineer.Core.Execution;
using DataEngineer.Core.Storage;
using DataEngineer.Host.Cli;
using DataEngineer.Sdk;
using DataEngineer.Ui.Presentation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DataEngineer.Host.Api;

/// <summary>
/// Read endpoints an operator inspects the installation with (viewer role): pools with their slot use, DAG import
/// errors, a loaded DAG's tasks, one XCom value of a task instance, and the version of the host answering.
/// </summary>
internal static class InspectionApi
{
    public static void Map(RouteGroupBuilder read)
    {
        read.MapGet("/pools", ListPoolsAsync).WithName("list_pools")
            .WithSummary("Pools: slots, and the queued and running tries holding them").Produces<IReadOnlyList<ApiPoolUsage>>();
        read.MapGet("/importErrors", ListImportErrorsAsync).WithName("list_import_errors")
            .WithSummary("DAG files that did not load: where, and the compiler's or validator's message").Produces<IReadOnlyList<ApiImportError>>();
        read.MapGet("/dags/{dagId}/tasks", ListTasks).WithName("list_dag_tasks")
            .WithSummary("A loaded DAG's tasks in dependency order, with their edges and settings").Produces<IReadOnlyList<ApiDagTask>>();
        read.MapGet("/dags/{dagId}/dagRuns/{runId}/taskInstances/{taskId}/xcomEntries/{key}", GetXComAsync).WithName("get_xcom_entry")
            .WithSummary("One XCom value of a task instance (return_value: what the task returned), PII and secrets masked").Produces<ApiXCom>();
        read.MapGet("/version", GetVersion).WithName("get_version")
            .WithSummary("The version of the host answering").Produces<ApiVersion>();
    }

    private static async Task<IResult> ListPoolsAsync(IRunQueries queries, CancellationToken ct) =>
        Results.Ok((await queries.ListPoolUsageAsync(ct)).Select(ApiPoolUsage.Of).ToList());

    private static async Task<IResult> ListImportErrorsAsync(IDagStore dagStore, CancellationToken ct) =>
        Results.Ok((await dagStore.ListImportErrorsAsync(ct)).Select(e => new ApiImportError(e.Source, e.DagId, e.Line, e.Message)).ToList());

    private static IResult ListTasks(IDagRegistry dags, string dagId) =>
        dags.Find(dagId) is { } graph
            ? Results.Ok(graph.TopologicalOrder.Select(ApiDagTask.Of).ToList())
            : ApiErrors.NotFound($"No DAG '{dagId}' is loaded. GET {RestApi.Prefix}/dags lists the DAGs; GET {RestApi.Prefix}/importErrors says why a file did not load.");

    private static async Task<IResult> GetXComAsync(IRunQueries queries, IXComStore xcom, IDagRegistry dags, string dagId, string runId, string taskId, string key, CancellationToken ct)
    {
        var run = await queries.GetRunAsync(new RunKey(dagId, runId), ct);
        if (run is null)
        {
            return ApiErrors.NotFound($"DAG '{dagId}' has no run '{runId}'.");
        }

        if (!run.Tasks.ContainsKey(taskId))
        {
            return ApiErrors.NotFound($"Run '{runId}' has no task '{taskId}'.");
        }

        if (await xcom.GetXComAsync(run.Run.Key, taskId, key, ct) is not { } entry)
        {
            return ApiErrors.NotFound($"Task '{taskId}' of run '{runId}' has no XCom '{key}' (a task's return value is '{XComKeys.ReturnValue}'; it exists once the task succeeded).");
        }

        using var value = JsonDocument.Parse(PiiDisplay.Of(dags).Json(entry.Json));
        return Results.Ok(new ApiXCom(dagId, runId, taskId, key, value.RootElement.Clone()));
    }

    private static IResult GetVersion() =>
        Results.Ok(new ApiVersion(HostVersion.Package, HostVersion.Informational.Split('+') is [_, var commit] ? commit : null));
}
