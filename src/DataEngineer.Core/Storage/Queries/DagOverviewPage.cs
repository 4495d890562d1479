namespace DataEngineer.Core.Storage;

/// <summary>A page of DAGs, the number matching the filters, and every tag and owner (for the filter lists).</summary>
public sealed record DagOverviewPage(IReadOnlyList<DagOverview> Dags, int Total, IReadOnlyList<string> Tags, IReadOnlyList<string> Owners);
