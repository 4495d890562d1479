namespace DataEngineer.Dags.OrdersEtl;

/// <summary>What extract_orders hands to transform_orders: the interval's changed orders and their customers.</summary>
public sealed record ExtractedOrders(IReadOnlyList<SourceOrder> Orders, IReadOnlyList<Customer> Customers);
