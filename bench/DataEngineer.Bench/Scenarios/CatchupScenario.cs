using System.Diagnostics;
using DataEngineer.Bench.Dags;
using DataEngineer.Bench.Infrastructure;
using DataEngineer.Core.Execution;
using DataEngineer.Core.States;
using DataEngineer.Core.Validation;

namespace DataEngineer.Bench.Scenarios;

/// <summary>
/// DESIGN.md's catchup target: an engine (scheduler + worker, as in the other scenarios) with only <see cref="CatchupDag"/>
/// loaded, on a metadata database of its own; the scheduler creates the 365 daily runs itself (catchup, default
/// max active runs) and the scenario waits until every one has finished.
/// </summary>
public static class CatchupScenario
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    public static async Task<CatchupResult> RunAsync(ThrowawayPostgres postgres, int concurrency, CancellationToken ct)
    {
        var connection = await postgres.CreateMetadataDatabaseAsync("bench_catchup", ct);
        var dag = new CatchupDag();
        var graph = DagValidator.Validate(dag.Build());
        var clock = Stopwatch.StartNew();
        await using var engine = await EngineProcess.StartAsync(connection, new StaticDagRegistry([graph]), new WorkerOptions { Concurrency = concurrency }, scheduler: true, ct);
        while (true)
        {
            var runs = await engine.Store.ListRunsAsync(graph.DagId, limit: 2 * CatchupDag.Days, ct: ct);
            if ((runs.Count >= CatchupDag.Days && runs.All(r => r.State.IsFinished())) || clock.Elapsed > Limit)
            {
                var ended = runs.Where(r => r.EndedAt is not null).Select(r => r.EndedAt!.Value).DefaultIfEmpty(DateTimeOffset.UtcNow).Max();
                var created = runs.Count == 0 ? DateTimeOffset.UtcNow : runs.Min(r => r.CreatedAt);
                return new CatchupResult(CatchupDag.Days, dag.Options.MaxActiveRuns, runs.Count, runs.Count(r => r.State == DagRunState.Success),
                    ended - created, clock.Elapsed);
            }

            await Task.Delay(100, ct);
        }
    }
}
