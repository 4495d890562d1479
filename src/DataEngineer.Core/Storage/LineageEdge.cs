namespace DataEngineer.Core.Storage;

/// <summary>One declared use of a dataset by a task of an active DAG's current version.</summary>
/// <param name="DagId">The DAG.</param>
/// <param name="TaskId">The task.</param>
/// <param name="Dataset">The dataset's name, e.g. <c>warehouse.fact_orders</c>.</param>
/// <param name="Access">Whether the task reads or writes it.</param>
public sealed record LineageEdge(string DagId, string TaskId, string Dataset, DatasetAccess Access)
{
    /// <summary><c>dag.task</c>, as the CLI prints a task.</summary>
    public string Task => $"{DagId}.{TaskId}";
}
