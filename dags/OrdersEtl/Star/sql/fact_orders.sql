-- Every warehouse order, keyed to the customer version valid when it was placed (the customer's first version
-- when the order predates the dimension's history) and to its day. Upserted on order_id, touching only rows whose
-- values changed, so re-running changes nothing and a late customer version re-keys the orders placed after it.
INSERT INTO mart.fact_orders AS m (order_id, customer_sk, date_key, amount, currency, amount_usd, status, is_refunded, created_at, updated_at)
SELECT f.order_id, v.customer_sk, d.date_key, f.amount, f.currency, f.amount_usd, f.status, f.is_refunded, f.created_at, f.updated_at
FROM warehouse.fact_orders f
JOIN mart.dim_date d ON d.date = f.order_date
CROSS JOIN LATERAL (
    SELECT c.customer_sk
    FROM mart.dim_customers c
    WHERE c.customer_id = f.customer_id
    ORDER BY c.valid_from <= f.created_at DESC,
             CASE WHEN c.valid_from <= f.created_at THEN c.valid_from END DESC NULLS LAST,
             c.valid_from
    LIMIT 1) v
ON CONFLICT (order_id) DO UPDATE SET
    customer_sk = excluded.customer_sk, date_key = excluded.date_key, amount = excluded.amount, currency = excluded.currency,
    amount_usd = excluded.amount_usd, status = excluded.status, is_refunded = excluded.is_refunded,
    created_at = excluded.created_at, updated_at = excluded.updated_at
WHERE (m.customer_sk, m.date_key, m.amount, m.currency, m.amount_usd, m.status, m.is_refunded, m.created_at, m.updated_at)
    IS DISTINCT FROM (excluded.customer_sk, excluded.date_key, excluded.amount, excluded.currency, excluded.amount_usd,
                      excluded.status, excluded.is_refunded, excluded.created_at, excluded.updated_at);
