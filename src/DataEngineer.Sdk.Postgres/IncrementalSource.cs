namespace DataEngineer.Sdk.Postgres;

/// <summary>A table read incrementally by a timestamp column: only rows newer than the stored high-water mark.</summary>
/// <param name="Table">The source table, e.g. <c>source.orders</c>; also the watermark's source name.</param>
/// <param name="MarkColumn">The timestamptz column that grows as rows change, e.g. <c>updated_at</c>.</param>
/// <param name="Columns">The columns to read, in the order the reader sees them.</param>
public sealed record IncrementalSource(string Table, string MarkColumn, IReadOnlyList<string> Columns)
{
    /// <summary>With no stored mark, read rows at or after this instant (unset: from the beginning).</summary>
    public DateTimeOffset? InitialMark { get; init; }

    /// <summary>Read only rows before this instant, e.g. the data interval's end (unset: no upper bound).</summary>
    public DateTimeOffset? UpperBound { get; init; }
}
