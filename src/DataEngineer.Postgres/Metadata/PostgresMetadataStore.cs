using DataEngineer.Core.Storage;
using Npgsql;

namespace DataEngineer.Postgres.Metadata;

/// <summary>
/// The metadata store in PostgreSQL, shared by every scheduler, worker and web process. Row locks on runs and task
/// instances, and the limits' counters held against each claim's own write (<see cref="SlotGuard"/>, migration 0024),
/// give the guarantees the in-memory store gets from its one lock. The schema must
/// exist: run <see cref="SchemaMigrator.MigrateAsync"/> at startup.
/// </summary>
public sealed partial class PostgresMetadataStore : IMetadataStore
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _schema;
    private readonly string _quotedSchema;
    private readonly GroupedSteps _steps;

    /// <param name="dataSource">
    /// Owned by the caller. Concurrent run updates each hold a pooled connection until they commit, so size its pool
    /// for the process's concurrency.
    /// </param>
    /// <param name="options">The schema; <see cref="PostgresMetadataStoreOptions.DefaultSchema"/> when null.</param>
    /// <exception cref="ArgumentException">The schema name is not valid.</exception>
    public PostgresMetadataStore(NpgsqlDataSource dataSource, PostgresMetadataStoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
        _schema = options?.Schema ?? PostgresMetadataStoreOptions.DefaultSchema;
        _quotedSchema = SchemaName.Quote(_schema);
        _steps = new GroupedSteps(StepWriters, MaxStepGroup, WriteStepsAsync);
    }

    private string Sql(string template) => SchemaName.Substitute(template, _quotedSchema);

    private NpgsqlCommand Command(string template) => _dataSource.CreateCommand(Sql(template));
}
