using System.ComponentModel.DataAnnotations;

namespace DataEngineer.Dags.OrdersEtl;

/// <summary>Run conf of orders_etl, e.g. <c>--conf '{"maxRejectedPercent": 5}'</c>.</summary>
public sealed record OrdersEtlParams
{
    /// <summary>transform_orders fails when more than this share of source rows is rejected.</summary>
    [Range(0, 100)]
    public double MaxRejectedPercent { get; init; } = 20;
}
