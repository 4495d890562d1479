using System.Text.Json;

namespace DataEngineer.Host.Api;

/// <summary>One XCom value of a task instance (its return value is the key <c>return_value</c>), PII and secrets masked.</summary>
internal sealed record ApiXCom(string DagId, string RunId, string TaskId, string Key, JsonElement Value);
