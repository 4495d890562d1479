using DataEngineer.Sdk;

namespace DataEngineer.Dags.OrdersEtl;

/// <summary>The datasets orders_etl writes, with their freshness SLAs, accepted values and anomaly settings.</summary>
public static class OrdersDatasets
{
    /// <summary>The statuses the revenue logic knows.</summary>
    public static readonly string[] Statuses = ["placed", "shipped", "delivered", "cancelled", "refunded"];

    /// <summary>
    /// warehouse.fact_orders: fresh as of its latest order update, at most 28 hours old (a daily load at 02:00 plus
    /// slack); a new status is drift; rows written are compared with the same weekday of the last 8 weeks.
    /// </summary>
    public static readonly Dataset FactOrders = new("warehouse.fact_orders")
    {
        FreshnessColumn = "updated_at",
        FreshnessSla = TimeSpan.FromHours(28),
        AcceptedValues = new Dictionary<string, IReadOnlyList<string>> { ["status"] = Statuses },
        RowCountAnomaly = new RowCountAnomalyOptions { SameWeekday = true, History = 8, MinHistory = 4 },
    };
}
