using DataEngineer.Core.Storage;
using Microsoft.Extensions.Logging;

namespace DataEngineer.Core.Quality;

/// <summary>
/// Freshness SLAs, checked by the scheduler on its sweep whether or not runs happen: a dataset older than its
/// SLA gets one open breach (a <see cref="QualityEventKinds.FreshnessBreach"/> event) until it is fresh again,
/// when the breach is resolved. Idempotent across schedulers: the store opens a dataset's breach at most once.
/// </summary>
public sealed class FreshnessMonitor(IDataQualityStore store, TimeProvider time, ILogger<FreshnessMonitor> logger)
{
    /// <summary>Checks every dataset with an SLA; returns how many breaches this call opened.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var opened = 0;
        foreach (var dataset in await store.ListDatasetsAsync(ct))
        {
            if (dataset.FreshnessSla is not { } sla)
            {
                continue;
            }

            var age = now - dataset.FreshAsOf;
            if (age > sla && dataset.BreachedSince is null)
            {
                var breach = new QualityEvent
                {
                    Kind = QualityEventKinds.FreshnessBreach,
                    Severity = "error",
                    Dataset = dataset.Name,
                    DagId = dataset.DagId,
                    TaskId = dataset.TaskId,
                    RunId = dataset.LastRunId,
                    Message = $"{dataset.Name} is {Describe(age)} old, above its freshness SLA of {Describe(sla)} (fresh as of {dataset.FreshAsOf:yyyy-MM-ddTHH:mm:ssZ}).",
                    Before = $"\"{dataset.FreshAsOf:O}\"",
                    At = now,
                };
                if (await store.OpenFreshnessBreachAsync(breach, ct))
                {
                    opened++;
                    logger.LogWarning("Freshness SLA breached: {Message}", breach.Message);
                }
            }
            else if (age <= sla && dataset.BreachedSince is not null && await store.ResolveFreshnessBreachAsync(dataset.Name, now, ct))
            {
                logger.LogInformation("{Dataset} is fresh again (as of {FreshAsOf})", dataset.Name, dataset.FreshAsOf);
            }
        }

        return opened;
    }

    private static string Describe(TimeSpan span) => span.TotalHours >= 1 ? $"{span.TotalHours:0.#} h" : $"{span.TotalMinutes:0.#} min";
}
