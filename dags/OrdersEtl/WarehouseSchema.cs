namespace DataEngineer.Dags.OrdersEtl;

/// <summary>The warehouse tables load_orders writes.</summary>
public static class WarehouseSchema
{
    /// <summary>Idempotent DDL for the warehouse tables.</summary>
    public const string Ddl =
        """
        CREATE SCHEMA IF NOT EXISTS warehouse;
        CREATE TABLE IF NOT EXISTS warehouse.fact_orders (
            order_id bigint PRIMARY KEY,
            customer_id integer NOT NULL,
            customer_country text NOT NULL,
            customer_segment text NOT NULL,
            order_date date NOT NULL,
            amount numeric(12, 2) NOT NULL,
            currency text NOT NULL,
            amount_usd numeric(12, 2) NOT NULL,
            status text NOT NULL,
            is_refunded boolean NOT NULL,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL,
            loaded_at timestamptz NOT NULL DEFAULT now());
        CREATE TABLE IF NOT EXISTS warehouse.rejected_orders (
            source_row_id bigint PRIMARY KEY,
            order_id bigint,
            reason text NOT NULL,
            run_id text NOT NULL,
            rejected_at timestamptz NOT NULL DEFAULT now());
        """;

    /// <summary>The columns load_orders fills in warehouse.fact_orders (loaded_at takes its default).</summary>
    public static readonly string[] FactColumns =
    [
        "order_id", "customer_id", "customer_country", "customer_segment", "order_date", "amount", "currency", "amount_usd", "status",
        "is_refunded", "created_at", "updated_at",
    ];
}
