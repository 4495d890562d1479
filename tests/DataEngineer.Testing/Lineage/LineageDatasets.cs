using DataEngineer.Sdk;

namespace DataEngineer.Testing.Lineage;

/// <summary>The datasets of the three lineage DAGs: source.orders -> raw.orders -> warehouse.{fact_orders, dim_customers} -> reporting.*.</summary>
public static class LineageDatasets
{
    public static readonly Dataset Source = new("source.orders");

    public static readonly Dataset RawOrders = new("raw.orders")
    {
        Owner = "ingest-team",
        Description = "Orders as the shop exports them, one row per order.",
        Tags = ["orders", "raw"],
        Columns =
        [
            new DatasetColumnSpec("order_id") { Description = "The shop's order number.", Type = "bigint", Nullable = false, Classification = DataClassification.Public },
            new DatasetColumnSpec("email") { Description = "The customer's e-mail.", Type = "text", Classification = DataClassification.Pii },
            new DatasetColumnSpec("amount") { Description = "Order total in EUR.", Type = "numeric(12,2)", Classification = DataClassification.Confidential },
            new DatasetColumnSpec("channel") { Description = "Where the order was placed.", Type = "text", AcceptedValues = ["web", "app"] },
        ],
        Contract = ContractMode.Additive,
        Retention = new RetentionPolicy("ordered_at", TimeSpan.FromDays(400)),
        FreshnessSla = TimeSpan.FromHours(26),
    };

    public static readonly Dataset FactOrders = new("warehouse.fact_orders") { Owner = "warehouse-team", Description = "One row per order." };

    public static readonly Dataset DimCustomers = new("warehouse.dim_customers") { Owner = "warehouse-team" };

    public static readonly Dataset DailyRevenue = new("reporting.daily_revenue");

    public static readonly Dataset CustomerValue = new("reporting.customer_value");
}
