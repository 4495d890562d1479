namespace DataEngineer.Postgres.Metadata;

/// <summary>How one migration stands between this binary and the metadata database.</summary>
public enum SchemaMigrationState
{
    /// <summary>Applied, and the binary's file has the checksum recorded then (or none was recorded yet).</summary>
    Applied,

    /// <summary>In this binary, not yet applied: <c>db migrate</c> applies it.</summary>
    Pending,

    /// <summary>Applied by a newer binary: this one does not know it and must not run against the schema.</summary>
    Unknown,

    /// <summary>Applied, but the binary's file differs from what was applied: the applied file was edited.</summary>
    Changed,
}
