namespace DataEngineer.Dags.OrdersEtl;

/// <summary>A clean, enriched order as loaded into warehouse.fact_orders.</summary>
public sealed record OrderFact(
    long OrderId,
    int CustomerId,
    string CustomerCountry,
    string CustomerSegment,
    DateOnly OrderDate,
    decimal Amount,
    string Currency,
    decimal AmountUsd,
    string Status,
    bool IsRefunded,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
