using System.ComponentModel.DataAnnotations;

namespace DataEngineer.Dags.OrdersEtl;

/// <summary>Run conf of orders_etl, e.g. <c>--conf '{"maxRejectedPercent": 5}'</c>.</summary>
public sealed record OrdersEtlParams
{
    /// <summary>transform_orders fails when more than this share of source rows is rejected.</summary>
    [Range(0, 100)]
    public double MaxRejectedPercent { get; init; } = 20;

    /// <summary>Source fault: some of the interval's placed orders get a status nobody handles, <c>on_hold</c>.</summary>
    public bool InjectNewStatus { get; init; }

    /// <summary>Source fault: 40% of the interval's orders never arrive.</summary>
    public bool InjectVolumeDrop { get; init; }

    /// <summary>Source fault: the interval's orders arrive a day late (their updates land in the next interval).</summary>
    public bool InjectLateDay { get; init; }
}
