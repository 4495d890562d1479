namespace DataEngineer.Dags.OrdersEtl;

/// <summary>A customer from the source system.</summary>
public sealed record Customer(int CustomerId, string Name, string Country, string Segment);
