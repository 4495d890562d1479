using DataEngineer.Core.Execution;
using DataEngineer.Core.Operations;
using DataEngineer.Core.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace DataEngineer.Host.Api;

/// <summary>
/// Backfills, shaped after Airflow 3's API: start one (with <c>dry_run</c>, only list its intervals), list and get them,
/// pause, resume and cancel. The actions map onto <see cref="BackfillOperations"/>, which authorises, acts and audits.
/// </summary>
internal static class BackfillsApi
{
    public static void Map(RouteGroupBuilder read, RouteGroupBuilder operate)
    {
        operate.MapPost("/dags/{dagId}/backfills", CreateAsync).WithName("create_backfill")
            .WithSummary("Backfill a date range (202 with the backfill; with dry_run, 200 and the intervals it would run)")
            .Produces<ApiBackfill>(StatusCodes.Status202Accepted).Produces<ApiBackfillPlan>();
        read.MapGet("/backfills", ListAsync).WithName("list_backfills").WithSummary("Backfills, newest first").Produces<IReadOnlyList<ApiBackfill>>();
        read.MapGet("/backfills/{backfillId}", GetAsync).WithName("get_backfill").WithSummary("One backfill, with its runs").Produces<ApiBackfill>();
        operate.MapPost("/backfills/{backfillId}/pause", PauseAsync).WithName("pause_backfill").WithSummary("Pause a running backfill").Produces<ApiBackfill>();
        operate.MapPost("/backfills/{backfillId}/resume", ResumeAsync).WithName("resume_backfill").WithSummary("Resume a paused backfill").Produces<ApiBackfill>();
        operate.MapPost("/backfills/{backfillId}/cancel", CancelAsync).WithName("cancel_backfill")
            .WithSummary("Cancel a backfill for good").Produces<ApiBackfillCancel>();
    }

    private static async Task<IResult> CreateAsync(BackfillOperations operations, HttpContext http, string dagId, BackfillRunsRequest body, CancellationToken ct)
    {
        if (body.From is not { } from || body.To is not { } to)
        {
            return ApiErrors.BadRequest("Give from and to (ISO 8601 dates or instants).");
        }

        if (!Enum.TryParse<Reprocess>(body.Reprocess ?? "none", ignoreCase: true, out var reprocess) || !Enum.IsDefined(reprocess))
        {
            return ApiErrors.BadRequest($"reprocess '{body.Reprocess}' is not one of none, failed, all.");
        }

        var request = new BackfillRequest(dagId, from, to, reprocess, body.MaxActiveRuns ?? 16);
        if (body.DryRun)
        {
            var intervals = operations.Plan(Actor.Of(http.User), request);
            return Results.Ok(new ApiBackfillPlan(dagId, true, [.. intervals.Select(i => new ApiInterval(i.Start, i.End))]));
        }

        var backfill = await operations.CreateAsync(Actor.Of(http.User), request, ct);
        return Results.Accepted($"{RestApi.Prefix}/backfills/{backfill.Id}", ApiBackfill.Of(backfill));
    }

    private static async Task<IResult> ListAsync(IBackfillStore backfills, [FromQuery(Name = "dag_id")] string? dagId, int? limit, CancellationToken ct) =>
        Results.Ok((await backfills.ListBackfillsAsync(dagId, RestApi.Limit(limit), ct)).Select(b => ApiBackfill.Of(b)).ToList());

    private static async Task<IResult> GetAsync(IBackfillStore backfills, string backfillId, CancellationToken ct)
    {
        var id = BackfillOperations.ParseId(backfillId);
        return await backfills.GetBackfillAsync(id, ct) is { } backfill
            ? Results.Ok(ApiBackfill.Of(backfill, await backfills.ListBackfillRunsAsync(id, ct)))
            : ApiErrors.NotFound($"No backfill {id}. GET {RestApi.Prefix}/backfills?dag_id=<dag_id> lists a DAG's backfills.");
    }

    private static async Task<IResult> PauseAsync(BackfillOperations operations, HttpContext http, string backfillId, CancellationToken ct) =>
        Results.Ok(ApiBackfill.Of(await operations.PauseAsync(Actor.Of(http.User), BackfillOperations.ParseId(backfillId), ct)));

    private static async Task<IResult> ResumeAsync(BackfillOperations operations, HttpContext http, string backfillId, CancellationToken ct) =>
        Results.Ok(ApiBackfill.Of(await operations.ResumeAsync(Actor.Of(http.User), BackfillOperations.ParseId(backfillId), ct)));

    private static async Task<IResult> CancelAsync(BackfillOperations operations, HttpContext http, string backfillId, CancelBackfillRequest? body, CancellationToken ct)
    {
        var id = BackfillOperations.ParseId(backfillId);
        var mode = BackfillOperations.ParseCancelMode(body?.RunningRuns ?? "finish", "running_runs");
        var result = await operations.CancelAsync(Actor.Of(http.User), id, mode, ct);
        return Results.Ok(new ApiBackfillCancel(ApiBackfill.Of(result.Backfill), [.. result.CancelledRuns.Select(k => k.RunId)]));
    }
}
