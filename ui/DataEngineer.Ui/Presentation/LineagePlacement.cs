using DataEngineer.Core.Catalog;

namespace DataEngineer.Ui.Presentation;

/// <summary>A lineage node and the top-left corner of its box in the lineage SVG.</summary>
public sealed record LineagePlacement(LineageNode Node, double X, double Y)
{
    /// <summary>Where the node's page is: the dataset's page, or the task's DAG.</summary>
    public string Href => Node.Kind == LineageNode.DatasetKind ? Links.Dataset(Node.Name) : Links.Dag(Node.DagId ?? Node.Name);
}
