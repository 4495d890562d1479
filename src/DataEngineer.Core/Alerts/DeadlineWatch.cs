using DataEngineer.Core.Execution;
using DataEngineer.Core.Storage;
using DataEngineer.Sdk;

namespace DataEngineer.Core.Alerts;

/// <summary>
/// Raises one <see cref="AlertEvents.DeadlineMissed"/> alert per run still going past its DAG's <see cref="DagOptions.Deadline"/>:
/// each check is one indexed statement over the active runs (<see cref="IDeadlineStore.RecordDeadlineMissesAsync"/>), and only
/// the scheduler whose statement recorded a miss alerts on it.
/// </summary>
public sealed class DeadlineWatch(IDeadlineStore deadlines, IDagRegistry dags, IAlertPublisher alerts, TimeProvider time)
{
    public async Task CheckAsync(CancellationToken ct)
    {
        var set = dags.Dags.Where(d => d.Options.Deadline is not null).ToDictionary(d => d.DagId, d => d.Options.Deadline!.Value, StringComparer.Ordinal);
        foreach (var miss in await deadlines.RecordDeadlineMissesAsync(set, time.GetUtcNow(), ct))
        {
            await alerts.PublishAsync(new AlertEvent
            {
                Kind = AlertEvents.DeadlineMissed,
                Key = $"{AlertKinds.Name(AlertEvents.DeadlineMissed)}/{miss.DagId}/{miss.RunId}",
                Summary = $"Run {miss.RunId} is still going past its deadline of {miss.DeadlineAt:yyyy-MM-ddTHH:mm:ssZ} ({set.GetValueOrDefault(miss.DagId)} after its data interval)",
                DagId = miss.DagId,
                RunId = miss.RunId,
                Details = [new("Deadline", $"{miss.DeadlineAt:yyyy-MM-ddTHH:mm:ssZ}"), new("Noticed at", $"{miss.MissedAt:yyyy-MM-ddTHH:mm:ssZ}")],
            }, ct);
        }
    }
}
