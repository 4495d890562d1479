namespace DataEngineer.Core.Catalog;

/// <summary>Which way <see cref="DatasetLineage.Trace"/> follows the data from a dataset.</summary>
public enum LineageDirection
{
    /// <summary>Towards its sources: the tasks that write it, the datasets they read, and so on.</summary>
    Upstream,

    /// <summary>Towards its consumers: the tasks that read it, the datasets they write, and so on.</summary>
    Downstream,

    /// <summary>Both ways.</summary>
    Both,
}
