using System.Text;
using DataEngineer.Core.Execution;
using DataEngineer.Core.Storage;
using DataEngineer.Ui.Presentation;
using DataEngineer.Ui.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DataEngineer.Host.Web;

/// <summary>
/// The try page's "download": a try's log as a text file, beside the page and authorised like it (the UI's cookie,
/// the viewer role), masked as the page shows it. An unknown run, task or try is a 404 saying which.
/// </summary>
internal static class TryLogDownload
{
    public const string Route = "/dags/{dagId}/runs/{runId}/tasks/{taskId}/tries/{tryNumber:int}/log.txt";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet(Route, DownloadAsync).RequireAuthorization(UiPolicies.Read).ExcludeFromDescription();

    private static async Task<IResult> DownloadAsync(IRunQueries queries, ITaskLogStore logs, IDagRegistry dags, string dagId, string runId, string taskId, int tryNumber, CancellationToken ct)
    {
        var key = new RunKey(dagId, runId);
        var problem = await queries.GetRunAsync(key, ct) switch
        {
            null => $"DAG '{dagId}' has no run '{runId}'.",
            { } run when !run.Tasks.ContainsKey(taskId) => $"Run '{runId}' of DAG '{dagId}' has no task '{taskId}'.",
            { } run when tryNumber < 1 || tryNumber > run.Tasks[taskId].TryNumber => run.Tasks[taskId].TryNumber == 0
                ? $"Task '{taskId}' has not run yet in run '{runId}'."
                : $"Task '{taskId}' has tries 1 to {run.Tasks[taskId].TryNumber} in run '{runId}', not {tryNumber}.",
            _ => null,
        };
        if (problem is not null)
        {
            return Results.Text(problem, "text/plain", Encoding.UTF8, StatusCodes.Status404NotFound);
        }

        var lines = PiiDisplay.Of(dags).Log(await logs.GetLogAsync(key, taskId, tryNumber, ct));
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            text.Append(line.ToText()).Append('\n');
        }

        return Results.File(Encoding.UTF8.GetBytes(text.ToString()), "text/plain; charset=utf-8", FileName(dagId, runId, taskId, tryNumber));
    }

    // Only characters every file system takes: the ids may hold ':' and '/'.
    private static string FileName(string dagId, string runId, string taskId, int tryNumber) =>
        new string($"{dagId}_{runId}_{taskId}_try{tryNumber}.log".Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '_').ToArray());
}
