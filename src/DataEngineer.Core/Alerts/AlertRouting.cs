using DataEngineer.Core.Validation;
using DataEngineer.Sdk;

namespace DataEngineer.Core.Alerts;

/// <summary>
/// Decides who hears about an event: the task's alert options, else the DAG's, else the host's default recipients.
/// Data problems (<see cref="DataProblems"/>) alert unless the DAG opts out (<see cref="DagOptions.AlertOnDataProblems"/>).
/// </summary>
public static class AlertRouting
{
    /// <summary>The events a DAG is alerted on by default, besides failures: a failed error check, an anomaly, a freshness breach.</summary>
    public const AlertEvents DataProblems = AlertEvents.QualityFailure | AlertEvents.RowCountAnomaly | AlertEvents.FreshnessBreach;

    /// <summary>Events a DAG asks for by what it declares (an approval task, a deadline): alerted whatever its <see cref="AlertOptions.On"/> says.</summary>
    public const AlertEvents Declared = AlertEvents.ApprovalRequested | AlertEvents.DeadlineMissed;

    /// <summary>The recipients of <paramref name="kind"/> for a DAG (and task), empty when nobody subscribes to it.</summary>
    public static IReadOnlyList<string> Recipients(DagGraph? graph, string? taskId, AlertEvents kind, AlertRoutingOptions options)
    {
        if (graph is null)
        {
            // Not about a loaded DAG (an import error, a dataset of its own): only the host's default recipients can be told.
            return options.DefaultRecipients;
        }

        var dag = graph.Options;
        var task = taskId is not null && graph.Tasks.TryGetValue(taskId, out var node) ? node.Definition.Options.Over(dag.DefaultTaskOptions) : dag.DefaultTaskOptions;
        var chosen = task.Alerts ?? dag.Alerts ?? new AlertOptions();
        var on = chosen.On | Declared | (dag.AlertOnDataProblems ? DataProblems : AlertEvents.None);
        if ((on & kind) == 0)
        {
            return [];
        }

        var named = chosen.Recipients.AsEnumerable();
        if (kind == AlertEvents.Failure || (DataProblems & kind) != 0)
        {
            named = named.Concat(dag.AlertOnFailure);
        }

        var recipients = named.Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => r.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return recipients.Count > 0 ? recipients : options.DefaultRecipients;
    }
}
