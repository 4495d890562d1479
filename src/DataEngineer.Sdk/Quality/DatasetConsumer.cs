namespace DataEngineer.Sdk;

/// <summary>A task that declares it reads a dataset (<see cref="TaskOptions.Reads"/>): a consumer a breaking change would hurt.</summary>
/// <param name="DagId">The consumer's DAG.</param>
/// <param name="TaskId">The consumer's task.</param>
public sealed record DatasetConsumer(string DagId, string TaskId)
{
    /// <inheritdoc />
    public override string ToString() => $"{DagId}.{TaskId}";
}
