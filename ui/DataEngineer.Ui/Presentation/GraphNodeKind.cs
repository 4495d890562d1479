namespace DataEngineer.Ui.Presentation;

/// <summary>What one box of the graph view stands for.</summary>
public enum GraphNodeKind
{
    /// <summary>One task.</summary>
    Task,

    /// <summary>A mapped task: one box for all its instances.</summary>
    Mapped,

    /// <summary>A collapsed task group: one box for every task inside it.</summary>
    Group,
}
