namespace DataEngineer.Ui.Presentation;

/// <summary>A task as the graph view draws it: its id, its upstream task ids, and whether it is mapped (one node for all its instances).</summary>
public sealed record GraphTask(string Id, IReadOnlyList<string> Upstream, bool Mapped);
