namespace DataEngineer.Core.Catalog;

/// <summary>Data flowing in a lineage graph: dataset -> the task reading it, or task -> the dataset it writes.</summary>
/// <param name="From">The id of the node the data comes from.</param>
/// <param name="To">The id of the node it goes to.</param>
public sealed record LineageLink(string From, string To);
