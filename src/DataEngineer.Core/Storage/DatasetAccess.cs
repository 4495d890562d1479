namespace DataEngineer.Core.Storage;

/// <summary>How a task uses a dataset, as it declares in <c>TaskOptions.Reads</c> and <c>TaskOptions.Writes</c>.</summary>
public enum DatasetAccess
{
    /// <summary>The task reads the dataset: it consumes it.</summary>
    Reads,

    /// <summary>The task writes the dataset: it produces it.</summary>
    Writes,
}
