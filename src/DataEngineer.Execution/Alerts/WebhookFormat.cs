namespace DataEngineer.Execution.Alerts;

/// <summary>What a webhook channel posts.</summary>
public enum WebhookFormat
{
    /// <summary>The alert's fields as a JSON object (event, dag_id, task_id, run_id, logical_date, try_number, error, log_lines, url, subject, text).</summary>
    Json,

    /// <summary>A Slack incoming-webhook message: <c>{"text": ...}</c>.</summary>
    Slack,
}
