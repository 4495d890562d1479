using DataEngineer.Core.Execution;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Sdk;

namespace DataEngineer.Core.Alerts;

/// <summary>
/// Publishes one <see cref="AlertEvents.ApprovalRequested"/> alert per approval request (a task's try in
/// <c>awaiting_input</c>), linking to the run page where an operator decides. One indexed query per check.
/// </summary>
public sealed class ApprovalRequestAlerts(IRunQueries runs, IDagRegistry dags, IAlertPublisher alerts)
{
    // Keys published by this process; the outbox's unique key covers the other processes.
    private readonly HashSet<string> _published = new(StringComparer.Ordinal);

    public async Task CheckAsync(CancellationToken ct)
    {
        foreach (var task in await runs.ListTaskInstancesAsync([TaskInstanceState.AwaitingInput], ct: ct))
        {
            var key = $"{AlertKinds.Name(AlertEvents.ApprovalRequested)}/{task.DagId}/{task.RunId}/{task.TaskId}/{task.TryNumber}";
            if (!_published.Add(key) || dags.Find(task.DagId)?.Tasks.GetValueOrDefault(task.TaskId) is not { } node)
            {
                continue;
            }

            List<KeyValuePair<string, string>> details = [new("Asked at", $"{task.StartedAt:yyyy-MM-ddTHH:mm:ssZ}")];
            if (task.NextTryAt is { } due && node.Definition.Approval is { } asked)
            {
                details.Add(new("Times out at", $"{due:yyyy-MM-ddTHH:mm:ssZ} ({(asked.DefaultOutcome == ApprovalOutcome.Approve ? "approved" : "rejected")} then)"));
            }

            if (node.Definition.Approval?.Branches is { Count: > 0 } branches)
            {
                details.Add(new("Branches", string.Join(", ", branches)));
            }

            details.Add(new("Decide", $"on the run page, or: dataengineer tasks approve {task.DagId} --run {task.RunId} --task {task.TaskId} --comment \"...\""));
            await alerts.PublishAsync(new AlertEvent
            {
                Kind = AlertEvents.ApprovalRequested,
                Key = key,
                Summary = Approvals.SubjectOf(node),
                DagId = task.DagId,
                RunId = task.RunId,
                TaskId = task.TaskId,
                Details = details,
            }, ct);
        }
    }
}
