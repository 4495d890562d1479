namespace DataEngineer.Postgres.Metadata;

/// <summary>How many rows of one metadata table <see cref="MetadataRetention"/> deleted, or would delete.</summary>
public sealed record MetadataCleanCount(string Table, long Rows);
