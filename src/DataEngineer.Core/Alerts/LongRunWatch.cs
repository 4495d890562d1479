using DataEngineer.Core.Execution;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Sdk;

namespace DataEngineer.Core.Alerts;

/// <summary>Publishes a <see cref="AlertEvents.LongRun"/> alert for each running run older than its DAG's expected duration.</summary>
public sealed class LongRunWatch(IRunQueries runs, IDagRegistry dags, IAlertPublisher alerts, TimeProvider time)
{
    // Keys published by this process; the outbox's unique key covers the other processes.
    private readonly HashSet<string> _published = new(StringComparer.Ordinal);

    public async Task CheckAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        foreach (var run in await runs.ListActiveRunsAsync(ct: ct))
        {
            if (run.State != DagRunState.Running || run.StartedAt is not { } started || dags.Find(run.DagId)?.Options.ExpectedRunDuration is not { } expected
                || now - started <= expected)
            {
                continue;
            }

            var key = $"{AlertKinds.Name(AlertEvents.LongRun)}/{run.DagId}/{run.RunId}";
            if (!_published.Add(key))
            {
                continue;
            }

            await alerts.PublishAsync(new AlertEvent
            {
                Kind = AlertEvents.LongRun,
                Key = key,
                Summary = $"Run {run.RunId} has been running for {Minutes(now - started)}, longer than the expected {Minutes(expected)}",
                DagId = run.DagId,
                RunId = run.RunId,
                LogicalDate = run.LogicalDate,
                Details = [new("Started at", started.ToString("yyyy-MM-ddTHH:mm:ssZ"))],
            }, ct);
        }
    }

    private static string Minutes(TimeSpan span) => span.TotalMinutes >= 1 ? $"{span.TotalMinutes:0.#} min" : $"{span.TotalSeconds:0} s";
}
