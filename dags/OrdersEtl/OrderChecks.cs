using DataEngineer.Sdk.Postgres;

namespace DataEngineer.Dags.OrdersEtl;

/// <summary>The checks quality_check runs on the orders a run loaded.</summary>
public static class OrderChecks
{
    /// <summary>Every check, in the order they run, for a load of <paramref name="expected"/> orders.</summary>
    public static IReadOnlyList<QualityCheck> For(int expected) =>
    [
        QualityCheck.RowCountBetween(expected, expected, "all_loaded_orders_present"),
        QualityCheck.NotNull("customer_id"),
        QualityCheck.NotNull("amount_usd"),
        QualityCheck.NotNull("status"),
        QualityCheck.Unique("order_id"),
        QualityCheck.Unique("customer_id", "created_at", "amount"),
        QualityCheck.Range("amount_usd", 0m, 10_000m),
        QualityCheck.AcceptedValues("status", OrdersDatasets.Statuses),
        QualityCheck.Relationship("customer_id", "source.customers", "customer_id"),
        QualityCheck.Freshness("updated_at", TimeSpan.FromHours(26)).AsWarning(),
    ];
}
