namespace DataEngineer.Dags.OrdersEtl;

/// <summary>A source row transform_orders refused, and why.</summary>
public sealed record RejectedOrder(long RowId, long? OrderId, string Reason);
