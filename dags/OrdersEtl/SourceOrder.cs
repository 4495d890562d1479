namespace DataEngineer.Dags.OrdersEtl;

/// <summary>An order row as the source system lands it: ids may be missing, rows may repeat.</summary>
public sealed record SourceOrder(
    long RowId,
    long? OrderId,
    int? CustomerId,
    decimal Amount,
    string Currency,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
