using DataEngineer.Sdk;

namespace DataEngineer.Dags.OrdersEtl;

/// <summary>
/// What extract_orders hands to transform_orders: the orders changed since the last load and their customers, and
/// the high-water mark load_orders advances once they are loaded.
/// </summary>
public sealed record ExtractedOrders(IReadOnlyList<SourceOrder> Orders, IReadOnlyList<Customer> Customers)
{
    /// <summary>The new mark of source.orders; null when nothing new was read.</summary>
    public WatermarkAdvance? Mark { get; init; }
}
