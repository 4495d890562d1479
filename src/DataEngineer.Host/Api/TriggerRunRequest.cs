using System.Text.Json;

namespace DataEngineer.Host.Api;

/// <summary><c>POST /dags/{dag_id}/dagRuns</c>: a manual run with conf (a JSON object) and optionally a logical date.</summary>
internal sealed record TriggerRunRequest(JsonElement? Conf, DateTimeOffset? LogicalDate);
