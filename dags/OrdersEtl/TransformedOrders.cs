using DataEngineer.Sdk;

namespace DataEngineer.Dags.OrdersEtl;

/// <summary>What transform_orders hands to load_orders.</summary>
public sealed record TransformedOrders(IReadOnlyList<OrderFact> Orders, IReadOnlyList<RejectedOrder> Rejected)
{
    /// <summary>The extract's high-water mark, advanced by load_orders when its load commits.</summary>
    public WatermarkAdvance? Mark { get; init; }
}
