using DataEngineer.Core.Execution;
using DataEngineer.Core.Operations;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DataEngineer.Host.Api;

/// <summary>
/// The on-call actions on one run, mapped onto <see cref="RunOperations"/> (which authorises, decides and audits):
/// clear (restart from failure, upstream/downstream), mark a task, mark the run, cancel the run (each takes
/// <c>dry_run</c> and then answers with the task instances it would change, changing nothing), and approve or reject an approval task.
/// </summary>
internal static class RunActionsApi
{
    public static void Map(RouteGroupBuilder operate)
    {
        operate.MapPost("/dags/{dagId}/dagRuns/{runId}/clear", ClearAsync).WithName("clear_dag_run")
            .WithSummary("Clear tasks of a run (the run after it; with dry_run, the task instances it would change)").Produces<ApiRunDetail>();
        operate.MapPatch("/dags/{dagId}/dagRuns/{runId}", MarkRunAsync).WithName("patch_dag_run")
            .WithSummary("Mark a run success or failed").Produces<ApiRunAction>();
        operate.MapPost("/dags/{dagId}/dagRuns/{runId}/cancel", CancelAsync).WithName("cancel_dag_run")
            .WithSummary("Cancel a queued or running run").Produces<ApiRunAction>();
        operate.MapPatch("/dags/{dagId}/dagRuns/{runId}/taskInstances/{taskId}", MarkTaskAsync).WithName("mark_task_instance")
            .WithSummary("Mark a task instance success or failed (the task instance after it; with dry_run, what it would change)").Produces<ApiTaskInstance>();
        operate.MapPost("/dags/{dagId}/dagRuns/{runId}/taskInstances/{taskId}/approval", DecideApprovalAsync).WithName("decide_approval")
            .WithSummary("Approve or reject a task awaiting input (the task instance after it)").Produces<ApiTaskInstance>();
    }

    private static async Task<IResult> ClearAsync(IDatasetEventStore datasetEvents, RunOperations operations, HttpContext http, string dagId, string runId, ClearRunRequest? body, CancellationToken ct)
    {
        var options = new ClearOptions
        {
            TaskIds = body?.TaskIds ?? [], OnlyFailed = body?.OnlyFailed ?? false, Upstream = body?.IncludeUpstream ?? false, Downstream = body?.IncludeDownstream ?? false,
        };
        var result = await operations.ClearAsync(Actor.Of(http.User), new RunKey(dagId, runId), options, body?.DryRun ?? false, ct);
        return result.Applied ? Results.Ok(await ApiRunDetail.OfAsync(datasetEvents, result.Run, ct)) : Results.Ok(ApiRunAction.Of(result));
    }

    private static async Task<IResult> MarkTaskAsync(RunOperations operations, HttpContext http, string dagId, string runId, string taskId, MarkTaskRequest body, CancellationToken ct)
    {
        if (ParseState(body.State) is not { } state)
        {
            return ApiErrors.BadRequest($"state '{body.State}' cannot be set by hand: give success or failed.");
        }

        var result = await operations.MarkTaskAsync(Actor.Of(http.User), new RunKey(dagId, runId), taskId, state, body.DryRun, ct);
        return result.Applied ? Results.Ok(ApiTaskInstance.Of(result.Run.Tasks[taskId])) : Results.Ok(ApiRunAction.Of(result));
    }

    private static async Task<IResult> DecideApprovalAsync(RunOperations operations, HttpContext http, string dagId, string runId, string taskId, ApprovalRequest? body,
        CancellationToken ct)
    {
        if (body?.Decision is not ("approve" or "reject"))
        {
            return ApiErrors.BadRequest($"decision '{body?.Decision}' is not one of approve, reject: send {{\"decision\": \"approve\", \"comment\": \"...\"}}.");
        }

        var result = await operations.DecideApprovalAsync(Actor.Of(http.User), new RunKey(dagId, runId), taskId, body.Decision == "approve", body.Comment, body.Branch, ct);
        return Results.Ok(ApiTaskInstance.Of(result.Run.Tasks[taskId]));
    }

    private static async Task<IResult> MarkRunAsync(RunOperations operations, HttpContext http, string dagId, string runId, MarkRunRequest body, CancellationToken ct)
    {
        var state = ParseState(body.State) switch
        {
            TaskInstanceState.Success => DagRunState.Success,
            TaskInstanceState.Failed => DagRunState.Failed,
            _ => (DagRunState?)null,
        };
        if (state is null)
        {
            return ApiErrors.BadRequest($"state '{body.State}' cannot be set by hand: give success or failed (POST .../cancel cancels a run).");
        }

        return Results.Ok(ApiRunAction.Of(await operations.MarkRunAsync(Actor.Of(http.User), new RunKey(dagId, runId), state.Value, body.DryRun, ct)));
    }

    private static async Task<IResult> CancelAsync(RunOperations operations, HttpContext http, string dagId, string runId, CancelRunRequest? body, CancellationToken ct) =>
        Results.Ok(ApiRunAction.Of(await operations.CancelAsync(Actor.Of(http.User), new RunKey(dagId, runId), body?.DryRun ?? false, ct)));

    private static TaskInstanceState? ParseState(string? state) => state switch
    {
        "success" => TaskInstanceState.Success,
        "failed" => TaskInstanceState.Failed,
        _ => null,
    };
}
