namespace DataEngineer.Dags.SalesReport;

/// <summary>A summary of sales over a period.</summary>
public sealed record SalesSummary(string Period, DateOnly From, DateOnly To, int Orders, decimal Revenue);
