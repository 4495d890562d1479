using System.Text;
using System.Text.Json;
using DataEngineer.Sdk;

namespace DataEngineer.Core.Alerts;

/// <summary>
/// An event rendered for people (subject and plain-text body) and for machines (a JSON payload). Only
/// the event's own fields go in: channel settings, and so secrets, never do.
/// </summary>
public sealed record AlertMessage(string Subject, string Body, string PayloadJson)
{
    public static AlertMessage Render(AlertEvent alert, Uri? baseUrl)
    {
        var kind = AlertKinds.Name(alert.Kind);
        var link = RunLink(alert, baseUrl);
        var where = string.Join(" ", new[] { alert.DagId, alert.TaskId }.Where(p => p is not null));
        var subject = $"[DataEngineer] {kind}: {(where.Length > 0 ? where + " - " : "")}{alert.Summary}";

        var body = new StringBuilder();
        body.AppendLine(alert.Summary);
        body.AppendLine();
        Line(body, "Event", kind);
        Line(body, "DAG", alert.DagId);
        Line(body, "Task", alert.TaskId);
        Line(body, "Run", alert.RunId);
        Line(body, "Logical date", alert.LogicalDate?.ToString("yyyy-MM-ddTHH:mm:ssZ"));
        Line(body, "Try", alert.TryNumber is { } t ? $"{t} of {alert.MaxTries?.ToString() ?? "?"}" : null);
        foreach (var (name, value) in alert.Details)
        {
            Line(body, name, value);
        }

        Line(body, "Error", alert.Error);
        Line(body, "Open in the web UI", link);
        if (alert.LogLines.Count > 0)
        {
            body.AppendLine();
            body.AppendLine($"Last {alert.LogLines.Count} log lines:");
            foreach (var line in alert.LogLines)
            {
                body.AppendLine("  " + line);
            }
        }

        var payload = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["event"] = kind,
            ["key"] = alert.Key,
            ["summary"] = alert.Summary,
            ["dag_id"] = alert.DagId,
            ["task_id"] = alert.TaskId,
            ["run_id"] = alert.RunId,
            ["logical_date"] = alert.LogicalDate?.ToString("yyyy-MM-ddTHH:mm:ssZ"),
            ["try_number"] = alert.TryNumber,
            ["max_tries"] = alert.MaxTries,
            ["error"] = alert.Error,
            ["details"] = alert.Details.ToDictionary(d => d.Key, d => d.Value),
            ["log_lines"] = alert.LogLines,
            ["url"] = link,
        });
        return new AlertMessage(subject, body.ToString(), payload);
    }

    // Where the reader acts: a freshness breach on its dataset's page, an event of a try on that try's page (its log and
    // error), else the run, else the DAG.
    private static string? RunLink(AlertEvent alert, Uri? baseUrl)
    {
        string? path = alert switch
        {
            { Kind: AlertEvents.FreshnessBreach, Dataset: { } dataset } => $"datasets/{E(dataset)}",
            { DagId: { } dag, RunId: { } run, TaskId: { } task, TryNumber: { } number } => $"dags/{E(dag)}/runs/{E(run)}/tasks/{E(task)}/tries/{number}",
            { DagId: { } dag, RunId: { } run } => $"dags/{E(dag)}/runs/{E(run)}",
            { DagId: { } dag } => $"dags/{E(dag)}",
            _ => null,
        };
        if (baseUrl is null || path is null)
        {
            return null;
        }

        var root = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl.AbsoluteUri : baseUrl.AbsoluteUri + "/";
        return root + path;
    }

    private static string E(string part) => Uri.EscapeDataString(part);

    private static void Line(StringBuilder body, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            body.AppendLine($"{name}: {value}");
        }
    }
}
