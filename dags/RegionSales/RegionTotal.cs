namespace DataEngineer.Dags.RegionSales;

/// <summary>One region's sales on one day: what each <c>summarise_region</c> instance returns.</summary>
public sealed record RegionTotal(string Region, int Orders, decimal Revenue);
