namespace DataEngineer.Dags.OrdersEtl;

/// <summary>What transform_orders hands to load_orders.</summary>
public sealed record TransformedOrders(IReadOnlyList<OrderFact> Orders, IReadOnlyList<RejectedOrder> Rejected);
