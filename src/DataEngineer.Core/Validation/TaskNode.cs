using DataEngineer.Sdk;

namespace DataEngineer.Core.Validation;

/// <summary>A task in a validated graph: its definition, resolved settings and both directions of edges.</summary>
public sealed record TaskNode(TaskDefinition Definition, TaskSettings Settings, IReadOnlyList<string> Upstream, IReadOnlyList<string> Downstream)
{
    public string Id => Definition.Id;
}
