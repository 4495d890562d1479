namespace DataEngineer.Host.Api;

/// <summary>One reason a task instance is not running now: what was checked (<c>state</c>, <c>trigger_rule</c>, <c>pool</c>, ...) and why.</summary>
internal sealed record ApiTaskDependency(string Check, string Reason);
