using System.ComponentModel;
using ModelContextProtocol.Server;

namespace DataEngineer.Host.Mcp;

/// <summary>The MCP tool about alerts: what the orchestrator told people recently.</summary>
[McpServerToolType]
internal sealed class AlertTools(McpFacts facts)
{
    [McpServerTool(Name = "recent_alerts", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false)]
    [Description("The newest alerts (task failures, retries, failed checks, anomalies, freshness breaches, import errors), one per event, newest first.")]
    public async Task<string> RecentAlertsAsync(
        [Description("How many alerts (default 20, cap 100).")] int? limit = null,
        [Description("Only alerts of this DAG.")] string? dagId = null,
        CancellationToken ct = default)
    {
        var max = McpFacts.Limit(limit, "limit", 20, 100);
        var alerts = (await facts.Alerts.ListAlertsAsync(500, ct))
            .Where(a => string.IsNullOrWhiteSpace(dagId) || a.DagId == dagId.Trim())
            .GroupBy(a => a.EventKey).Select(g => g.First())
            .OrderByDescending(a => a.CreatedAt).ToList();
        var (shown, note) = McpFacts.Cap(alerts, max, "alerts", "raise 'limit' (cap 100) or filter by 'dagId'");
        return await facts.ReplyAsync(new
        {
            alerts = shown.Select(a => new
            {
                kind = a.Kind.ToString(),
                at = McpFacts.Time(a.CreatedAt),
                dag_id = a.DagId,
                run_id = a.RunId,
                task_id = a.TaskId,
                subject = a.Subject,
                body = McpFacts.CapText(a.Body, 1_000),
                status = a.Status.ToString().ToLowerInvariant(),
            }),
            note,
        }, ct);
    }
}
