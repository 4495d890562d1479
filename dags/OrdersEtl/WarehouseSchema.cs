namespace DataEngineer.Dags.OrdersEtl;

/// <summary>The warehouse tables load_orders writes, and the statements it writes them with.</summary>
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

    /// <summary>Creates the transaction's staging table and fills it from arrays.</summary>
    public const string StageSql =
        """
        CREATE TEMP TABLE stage_orders (
            order_id bigint, customer_id integer, customer_country text, customer_segment text, order_date date,
            amount numeric(12, 2), currency text, amount_usd numeric(12, 2), status text, is_refunded boolean,
            created_at timestamptz, updated_at timestamptz) ON COMMIT DROP;
        INSERT INTO stage_orders
        SELECT * FROM unnest(@order_id, @customer_id, @country, @segment, @order_date, @amount, @currency,
                             @amount_usd, @status, @is_refunded, @created_at, @updated_at);
        """;

    /// <summary>Upserts staged rows on order_id, touching only rows whose values changed; returns one row per write.</summary>
    public const string UpsertSql =
        """
        INSERT INTO warehouse.fact_orders AS f (order_id, customer_id, customer_country, customer_segment, order_date,
            amount, currency, amount_usd, status, is_refunded, created_at, updated_at)
        SELECT * FROM stage_orders
        ON CONFLICT (order_id) DO UPDATE SET
            customer_id = excluded.customer_id, customer_country = excluded.customer_country,
            customer_segment = excluded.customer_segment, order_date = excluded.order_date, amount = excluded.amount,
            currency = excluded.currency, amount_usd = excluded.amount_usd, status = excluded.status,
            is_refunded = excluded.is_refunded, created_at = excluded.created_at, updated_at = excluded.updated_at,
            loaded_at = now()
        WHERE (f.customer_id, f.customer_country, f.customer_segment, f.order_date, f.amount, f.currency, f.amount_usd,
               f.status, f.is_refunded, f.created_at, f.updated_at)
              IS DISTINCT FROM
              (excluded.customer_id, excluded.customer_country, excluded.customer_segment, excluded.order_date,
               excluded.amount, excluded.currency, excluded.amount_usd, excluded.status, excluded.is_refunded,
               excluded.created_at, excluded.updated_at)
        RETURNING (xmax = 0) AS inserted
        """;

    /// <summary>Records rejected source rows, once per source row.</summary>
    public const string RejectsSql =
        """
        INSERT INTO warehouse.rejected_orders AS r (source_row_id, order_id, reason, run_id)
        SELECT u.row_id, u.order_id, u.reason, @run_id FROM unnest(@row_id, @order_id, @reason) AS u(row_id, order_id, reason)
        ON CONFLICT (source_row_id) DO UPDATE SET reason = excluded.reason
        WHERE r.reason IS DISTINCT FROM excluded.reason
        """;
}
