namespace DataEngineer.Core.Quality;

/// <summary>
/// One node of a recorded query plan: its kind (<c>Seq Scan</c>, <c>Hash Join</c>, ...), the table it reads, the
/// planner's estimates, and its own cost (its total cost less its children's), which says where the work is.
/// </summary>
public sealed record PlanNode(string NodeType, string? Relation, string? Index, double TotalCost, double SelfCost, double PlanRows, int Depth)
{
    /// <summary>Whether it reads a whole table row by row.</summary>
    public bool IsSequentialScan => NodeType == "Seq Scan" || NodeType == "Parallel Seq Scan";

    public override string ToString() =>
        NodeType + (Relation is null ? "" : $" on {Relation}") + (Index is null ? "" : $" using {Index}")
        + $" (cost {SelfCost:0.##} of {TotalCost:0.##}, ~{PlanRows:0} rows)";
}
