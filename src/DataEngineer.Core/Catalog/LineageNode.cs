namespace DataEngineer.Core.Catalog;

/// <summary>A dataset or a task in a lineage graph.</summary>
/// <param name="Id">Unique in the graph: <c>dataset:warehouse.orders</c> or <c>task:orders_etl.load</c>.</param>
/// <param name="Kind"><c>dataset</c> or <c>task</c>.</param>
/// <param name="Name">The dataset's name, or the task as <c>dag.task</c>.</param>
/// <param name="Distance">
/// Dataset hops from the traced dataset: 0 for it; 1 for the tasks reading it and the datasets they write, 2 beyond them...;
/// -1 for the tasks writing it and the datasets they read, and so on upstream.
/// </param>
public sealed record LineageNode(string Id, string Kind, string Name, int Distance)
{
    public const string DatasetKind = "dataset";
    public const string TaskKind = "task";

    /// <summary>The task's DAG (null for a dataset).</summary>
    public string? DagId { get; init; }

    /// <summary>The task's id in its DAG (null for a dataset).</summary>
    public string? TaskId { get; init; }

    public static string DatasetId(string name) => "dataset:" + name;

    public static string TaskNodeId(string dagId, string taskId) => $"task:{dagId}.{taskId}";
}
