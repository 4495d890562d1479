namespace DataEngineer.Postgres.Metadata;

/// <summary>Where in the database the <see cref="PostgresMetadataStore"/> keeps its tables.</summary>
public sealed class PostgresMetadataStoreOptions
{
    public const string DefaultSchema = "dataengineer";

    /// <summary>The schema, migrated by <see cref="SchemaMigrator"/>; it must match ^[a-z_][a-z0-9_]{0,62}$.</summary>
    public string Schema { get; init; } = DefaultSchema;
}
