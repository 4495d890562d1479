namespace DataEngineer.Ui.Presentation;

/// <summary>A task's box in the graph view (top-left corner).</summary>
public sealed record GraphNode(string TaskId, double X, double Y);
