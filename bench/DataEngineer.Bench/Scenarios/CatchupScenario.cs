using System.Diagnostics;
using DataEngineer.Bench.Dags;
using DataEngineer.Bench.Infrastructure;
using DataEngineer.Bench.Reporting;
using DataEngineer.Core.Execution;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Validation;
using DataEngineer.Execution.Hangfire;
using Npgsql;

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
        var before = await DatabaseActivity.ReadAsync(connection, ct);
        var clock = Stopwatch.StartNew();
        await using var engine = await EngineProcess.StartAsync(connection, new StaticDagRegistry([graph]), new WorkerOptions { Concurrency = concurrency }, scheduler: true, ct);
        while (true)
        {
            var runs = await engine.Store.ListRunsAsync(graph.DagId, limit: 2 * CatchupDag.Days, ct: ct);
            if ((runs.Count >= CatchupDag.Days && runs.All(r => r.State.IsFinished())) || clock.Elapsed > Limit)
            {
                var ended = runs.Where(r => r.EndedAt is not null).Select(r => r.EndedAt!.Value).DefaultIfEmpty(DateTimeOffset.UtcNow).Max();
                var created = runs.Count == 0 ? DateTimeOffset.UtcNow : runs.Min(r => r.CreatedAt);
                var transactions = (await DatabaseActivity.ReadAsync(connection, ct)).TransactionsSince(before);
                return Profile(new CatchupResult(CatchupDag.Days, dag.Options.MaxActiveRuns, runs.Count, runs.Count(r => r.State == DagRunState.Success),
                    ended - created, clock.Elapsed)
                {
                    TransactionsPerRun = runs.Count == 0 ? 0 : (double)transactions / runs.Count,
                    HangfireJobsPerRun = runs.Count == 0 ? 0 : (double)await CountHangfireJobsAsync(connection, ct) / runs.Count,
                }, runs);
            }

            // The figure comes from the runs' own timestamps: polling less often only spares the machine.
            await Task.Delay(250, ct);
        }
    }

    private static async Task<long> CountHangfireJobsAsync(string connection, CancellationToken ct)
    {
        await using var dataSource = NpgsqlDataSource.Create(connection);
        await using var command = dataSource.CreateCommand($"SELECT count(*) FROM {HangfireStorage.Schema}.job");
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    // Where the time went, from the runs' own timestamps: the k-th run created after the first MaxActiveRuns took the
    // slot the k-th run to end freed.
    private static CatchupResult Profile(CatchupResult result, IReadOnlyList<DagRun> runs)
    {
        var finished = runs.Where(r => r is { StartedAt: not null, EndedAt: not null }).ToList();
        if (finished.Count == 0)
        {
            return result;
        }

        var created = runs.Select(r => r.CreatedAt).Order().ToList();
        var ends = finished.Select(r => r.EndedAt!.Value).Order().ToList();
        var refills = created.Skip(result.MaxActiveRuns).Zip(ends, (next, freed) => next - freed).ToList();
        var span = ends[^1] - created[0];
        var busy = finished.Sum(r => (r.EndedAt!.Value - r.CreatedAt).TotalMilliseconds);
        return result with
        {
            CreatedToStarted = Distribution.Of(finished.Select(r => r.StartedAt!.Value - r.CreatedAt)),
            StartedToEnded = Distribution.Of(finished.Select(r => r.EndedAt!.Value - r.StartedAt!.Value)),
            SlotRefill = Distribution.Of(refills),
            MeanActiveRuns = span > TimeSpan.Zero ? busy / span.TotalMilliseconds : 0,
        };
    }
}
