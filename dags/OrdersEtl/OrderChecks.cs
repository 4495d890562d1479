namespace DataEngineer.Dags.OrdersEtl;

/// <summary>The checks quality_check runs on the orders a run loaded.</summary>
public static class OrderChecks
{
    /// <summary>Every check, in the order they run.</summary>
    public static IReadOnlyList<OrderCheck> All { get; } =
    [
        new("row_count", "every loaded order is in fact_orders",
            "SELECT 'expected ' || @expected || ' rows, found ' || count(*) FROM warehouse.fact_orders WHERE order_id = ANY(@ids) HAVING count(*) <> @expected"),
        new("not_null", "customer, amount and status are set",
            "SELECT 'order ' || order_id FROM warehouse.fact_orders WHERE order_id = ANY(@ids) AND (customer_id IS NULL OR amount_usd IS NULL OR status IS NULL) ORDER BY order_id"),
        new("unique", "no order is loaded twice under two ids (same customer, time and amount)",
            """
            SELECT 'orders ' || string_agg(order_id::text, ', ' ORDER BY order_id) FROM warehouse.fact_orders
            WHERE order_id = ANY(@ids) GROUP BY customer_id, created_at, amount HAVING count(*) > 1
            """),
        new("range", "amount_usd is between 0 and 10,000",
            "SELECT 'order ' || order_id || ' amount_usd ' || amount_usd FROM warehouse.fact_orders WHERE order_id = ANY(@ids) AND amount_usd NOT BETWEEN 0 AND 10000 ORDER BY order_id"),
        new("accepted_values", "status is placed, shipped, delivered, cancelled or refunded",
            "SELECT 'order ' || order_id || ' status ' || quote_literal(status) FROM warehouse.fact_orders WHERE order_id = ANY(@ids) AND status NOT IN ('placed', 'shipped', 'delivered', 'cancelled', 'refunded') ORDER BY order_id"),
    ];
}
