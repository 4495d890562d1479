namespace DataEngineer.Dags.OrdersEtl.Star;

/// <summary>One customer as the CRM described them on one UTC day (a row of staging.customers).</summary>
public sealed record CustomerSnapshot(DateOnly SnapshotDate, int CustomerId, string Name, string Email, string Country, string Segment);
