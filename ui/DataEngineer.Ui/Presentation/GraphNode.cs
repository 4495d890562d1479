using DataEngineer.Core.States;

namespace DataEngineer.Ui.Presentation;

/// <summary>
/// A box in the graph view (top-left corner): a task, a mapped task or a collapsed task group, with the state it shows
/// in the selected run (the most urgent of its instances' or tasks') and a line of detail (its count by state).
/// </summary>
public sealed record GraphNode(string Id, double X, double Y)
{
    public GraphNodeKind Kind { get; init; } = GraphNodeKind.Task;

    /// <summary>The state the box is coloured by; none without a run (or when the run has no such task).</summary>
    public TaskInstanceState? State { get; init; }

    /// <summary>A mapped task's instance count in the run, once it expanded; null otherwise.</summary>
    public int? Instances { get; init; }

    /// <summary>A group's task count, a mapped task's instance count, each with its count by state in the run; null for a plain task.</summary>
    public string? Detail { get; init; }
}
