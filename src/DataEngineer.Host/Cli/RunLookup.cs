using DataEngineer.Core.Storage;
using DataEngineer.Host.Hosting;

namespace DataEngineer.Host.Cli;

/// <summary>Finds a run by id: run ids are unique per DAG, so without a DAG every known DAG is searched.</summary>
internal static class RunLookup
{
    public static async Task<RunSnapshot> FindAsync(CliEnvironment env, IRunQueries queries, IDagStore dagStore, string runId, string? dagId, CancellationToken ct)
    {
        var candidates = dagId is not null
            ? [dagId]
            : (await dagStore.ListDagsAsync(ct)).Select(d => d.DagId).Union(DagSource.Load(env).Dags.Keys).ToList();
        var found = new List<RunSnapshot>();
        foreach (var candidate in candidates)
        {
            if (await queries.GetRunAsync(new RunKey(candidate, runId), ct) is { } snapshot)
            {
                found.Add(snapshot);
            }
        }

        return found.Count switch
        {
            1 => found[0],
            0 => throw new CliError(dagId is null
                ? $"No run '{runId}'. List a DAG's runs with: dataengineer runs list <dag_id>"
                : $"DAG '{dagId}' has no run '{runId}'. List its runs with: dataengineer runs list {dagId}"),
            _ => throw new CliError($"Several DAGs have a run '{runId}' ({string.Join(", ", found.Select(f => f.Run.DagId))}); say which with --dag."),
        };
    }
}
