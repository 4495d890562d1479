using DataEngineer.Bench.Dags;
using DataEngineer.Core.Storage;

namespace DataEngineer.Bench.Infrastructure;

/// <summary>The gaps in a finished linear chain: each task's try start minus its predecessor's try end, from the stored tries.</summary>
public static class Handoffs
{
    public static async Task<ChainTries> ReadAsync(IRunQueries store, RunKey run, int length, CancellationToken ct)
    {
        var tries = (await store.ListTriesAsync(run, ct: ct))
            .GroupBy(t => t.TaskId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.MaxBy(t => t.TryNumber)!, StringComparer.Ordinal);
        var chain = Enumerable.Range(0, length).Select(i => tries.GetValueOrDefault(LinearChainDag.TaskId(i))).ToList();
        if (chain.Any(t => t?.StartedAt is null || t.EndedAt is null))
        {
            throw new InvalidOperationException($"Run {run} has tasks without a finished try; the chain did not complete.");
        }

        var gaps = chain.Zip(chain.Skip(1), (before, after) => after!.StartedAt!.Value - before!.EndedAt!.Value).ToList();
        var durations = chain.Select(t => t!.EndedAt!.Value - t.StartedAt!.Value).ToList();
        return new ChainTries(gaps, durations, chain.Select(t => t!.Hostname ?? "").ToList(), chain[^1]!.EndedAt!.Value - chain[0]!.StartedAt!.Value);
    }
}
