using DataEngineer.Sdk;

namespace DataEngineer.Dags.OrdersEtl.Star;

/// <summary>
/// The datasets of the orders star schema: the daily customer snapshots customers_snapshot writes and the mart
/// tables orders_star builds from them and warehouse.fact_orders. Shared statics, so every DAG declares them alike.
/// </summary>
public static class StarDatasets
{
    private const string Owner = "data-platform";

    /// <summary>The customer segments the shop knows; the contracts of the customer tables accept no other.</summary>
    public static readonly string[] Segments = ["consumer", "business", "enterprise"];

    /// <summary>staging.customers: one row per customer per snapshot day, as the shop's CRM exported it.</summary>
    public static readonly Dataset StagingCustomers = new("staging.customers")
    {
        Owner = Owner,
        Description = "Daily snapshot of the shop's customers (one row per customer and day), the source of mart.dim_customers.",
        Tags = ["customers", "staging"],
        Columns =
        [
            new DatasetColumnSpec("snapshot_date") { Type = "date", Nullable = false, Description = "The UTC day the snapshot describes." },
            new DatasetColumnSpec("customer_id") { Type = "integer", Nullable = false, Description = "Shop customer number." },
            new DatasetColumnSpec("name") { Type = "text", Nullable = false, Classification = DataClassification.Pii, Description = "Full name." },
            new DatasetColumnSpec("email") { Type = "text", Nullable = false, Classification = DataClassification.Pii, Description = "Login e-mail address." },
            new DatasetColumnSpec("country") { Type = "text", Nullable = false, Classification = DataClassification.Internal, Description = "ISO 3166 country code." },
            new DatasetColumnSpec("segment") { Type = "text", Nullable = false, AcceptedValues = Segments, Classification = DataClassification.Internal, Description = "consumer, business or enterprise." },
        ],
        Contract = ContractMode.Additive,
        Retention = new RetentionPolicy("snapshot_date", TimeSpan.FromDays(90)),
    };

    /// <summary>mart.dim_date: one row per calendar day the orders fall on.</summary>
    public static readonly Dataset DimDate = new("mart.dim_date")
    {
        Owner = Owner,
        Description = "Calendar dimension: one row per day that has orders.",
        Tags = ["mart", "star", "dimension"],
        Columns =
        [
            new DatasetColumnSpec("date_key") { Type = "integer", Nullable = false, Description = "yyyymmdd, the key facts refer to." },
            new DatasetColumnSpec("date") { Type = "date", Nullable = false, Description = "The day." },
            new DatasetColumnSpec("year") { Type = "integer", Nullable = false, Description = "Calendar year." },
            new DatasetColumnSpec("quarter") { Type = "integer", Nullable = false, Description = "1 to 4." },
            new DatasetColumnSpec("month") { Type = "integer", Nullable = false, Description = "1 to 12." },
            new DatasetColumnSpec("month_name") { Type = "text", Nullable = false, Description = "January to December." },
            new DatasetColumnSpec("iso_week") { Type = "integer", Nullable = false, Description = "ISO 8601 week number." },
            new DatasetColumnSpec("day_of_week") { Type = "integer", Nullable = false, Description = "ISO day of week, 1 = Monday." },
            new DatasetColumnSpec("day_name") { Type = "text", Nullable = false, Description = "Monday to Sunday." },
            new DatasetColumnSpec("is_weekend") { Type = "boolean", Nullable = false, Description = "Saturday or Sunday." },
        ],
        Contract = ContractMode.Additive,
    };

    /// <summary>mart.dim_customers: slowly changing dimension of type 2 over the customer snapshots.</summary>
    public static readonly Dataset DimCustomers = new("mart.dim_customers")
    {
        Owner = Owner,
        Description = "Customers with history (SCD2): one row per version, valid from valid_from until valid_to.",
        Tags = ["mart", "star", "dimension", "customers"],
        Columns =
        [
            new DatasetColumnSpec("customer_sk") { Type = "bigint", Nullable = false, Description = "Surrogate key of this version; facts refer to it." },
            new DatasetColumnSpec("customer_id") { Type = "integer", Nullable = false, Description = "Shop customer number (natural key)." },
            new DatasetColumnSpec("name") { Type = "text", Nullable = false, Classification = DataClassification.Pii, Description = "Full name." },
            new DatasetColumnSpec("email") { Type = "text", Nullable = false, Classification = DataClassification.Pii, Description = "Login e-mail address." },
            new DatasetColumnSpec("country") { Type = "text", Nullable = false, Classification = DataClassification.Internal, Description = "ISO 3166 country code." },
            new DatasetColumnSpec("segment") { Type = "text", Nullable = false, AcceptedValues = Segments, Classification = DataClassification.Internal, Description = "consumer, business or enterprise." },
            new DatasetColumnSpec("valid_from") { Type = "timestamp with time zone", Nullable = false, Description = "When this version became valid (its snapshot day, UTC midnight)." },
            new DatasetColumnSpec("valid_to") { Type = "timestamp with time zone", Nullable = false, Description = "When the next version replaced it; infinity while current." },
            new DatasetColumnSpec("is_current") { Type = "boolean", Nullable = false, Description = "True on the one current version of each customer." },
        ],
        Contract = ContractMode.Additive,
    };

    /// <summary>mart.fact_orders: one row per order, keyed to the customer version and day it was placed on.</summary>
    public static readonly Dataset FactOrders = new("mart.fact_orders")
    {
        Owner = Owner,
        Description = "Orders of the star schema: one row per order, joined to the customer version valid when it was placed and its day.",
        Tags = ["mart", "star", "fact", "orders"],
        Columns =
        [
            new DatasetColumnSpec("order_id") { Type = "bigint", Nullable = false, Description = "Shop order number." },
            new DatasetColumnSpec("customer_sk") { Type = "bigint", Nullable = false, Description = "mart.dim_customers version valid when the order was placed." },
            new DatasetColumnSpec("date_key") { Type = "integer", Nullable = false, Description = "mart.dim_date key of the order day (UTC)." },
            new DatasetColumnSpec("amount") { Type = "numeric(12,2)", Nullable = false, Classification = DataClassification.Confidential, Description = "Order amount in its currency." },
            new DatasetColumnSpec("currency") { Type = "text", Nullable = false, Description = "ISO 4217 currency code." },
            new DatasetColumnSpec("amount_usd") { Type = "numeric(12,2)", Nullable = false, Classification = DataClassification.Confidential, Description = "Amount in USD at the fixed example rates." },
            new DatasetColumnSpec("status") { Type = "text", Nullable = false, Description = "placed, shipped, delivered, cancelled or refunded." },
            new DatasetColumnSpec("is_refunded") { Type = "boolean", Nullable = false, Description = "True once refunded." },
            new DatasetColumnSpec("created_at") { Type = "timestamp with time zone", Nullable = false, Description = "When the order was placed." },
            new DatasetColumnSpec("updated_at") { Type = "timestamp with time zone", Nullable = false, Description = "Last change of the order in the source." },
        ],
        Contract = ContractMode.Additive,
    };
}
