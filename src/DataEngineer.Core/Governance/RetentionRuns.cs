using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Sdk;

namespace DataEngineer.Core.Governance;

/// <summary>
/// Reads what the built-in retention DAG did for a dataset, from the runs and XCom it left in the metadata store
/// (each of its tasks is named after its dataset and returns a <see cref="RetentionResult"/>).
/// </summary>
public static class RetentionRuns
{
    /// <summary>The id of the built-in retention DAG.</summary>
    public const string DagId = "dataengineer_retention";

    /// <summary>How many of its newest runs are searched for the dataset's task.</summary>
    public const int RunsSearched = 30;

    /// <summary>The newest run in which the dataset's retention task started, or null when it never did.</summary>
    public static async Task<RetentionRun?> LastAsync(IRunQueries runs, IXComStore xcom, string dataset, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(xcom);
        foreach (var run in await runs.ListRunsAsync(DagId, limit: RunsSearched, ct: ct))
        {
            var snapshot = await runs.GetRunAsync(run.Key, ct);
            if (snapshot is null || !snapshot.Tasks.TryGetValue(dataset, out var task) || task.TryNumber == 0)
            {
                continue;
            }

            RetentionResult? result = null;
            if (task.State == TaskInstanceState.Success && await xcom.GetXComAsync(run.Key, dataset, XComKeys.ReturnValue, ct) is { } entry)
            {
                try
                {
                    result = (RetentionResult?)XComJson.Read(entry.Json, typeof(RetentionResult), dataset, "datasets show");
                }
                catch (XComTypeMismatchException)
                {
                    // Written by an older shape of the task: show the run without its figures.
                }
            }

            return new RetentionRun(run.RunId, task.State, task.TryNumber, task.EndedAt, result, task.Error);
        }

        return null;
    }
}
