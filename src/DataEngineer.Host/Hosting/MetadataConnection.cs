using DataEngineer.Core.Alerts;
using DataEngineer.Core.Storage;
using DataEngineer.Execution.Hosting;
using DataEngineer.Postgres.Local;
using DataEngineer.Postgres.Metadata;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace DataEngineer.Host.Hosting;

/// <summary>
/// The metadata database a process uses: <c>ConnectionStrings:Metadata</c>, or the managed local
/// PostgreSQL. Opening checks that the schema (with Hangfire's and Quartz's) is this binary's, or migrates it when asked
/// to (<see cref="SchemaAccess"/>).
/// </summary>
internal sealed class MetadataConnection : IAsyncDisposable
{
    private readonly MetadataDatabase _database;

    private MetadataConnection(MetadataDatabase database, NpgsqlDataSource dataSource)
    {
        _database = database;
        DataSource = dataSource;
        var store = new PostgresMetadataStore(dataSource);
        Store = store;
        Alerts = store;
        Sessions = store;
        DagDeletion = store;
    }

    public IMetadataStore Store { get; }

    /// <summary>The alert outbox, in the same database.</summary>
    public IAlertStore Alerts { get; }

    /// <summary>The web users' session stamps, in the same database.</summary>
    public ISessionStampStore Sessions { get; }

    /// <summary>Deletes a DAG's metadata (<c>dags delete</c>), in the same database.</summary>
    public IDagDeletionStore DagDeletion { get; }

    public NpgsqlDataSource DataSource { get; }

    /// <summary>The connection string, with its password: never print or log it.</summary>
    public string ConnectionString => _database.ConnectionString;

    /// <summary>Where the database is, safe to print: host, port, database, and the managed data directory if any.</summary>
    public string Description
    {
        get
        {
            var builder = new NpgsqlConnectionStringBuilder(_database.ConnectionString);
            var managed = _database.LocalServer is { } server ? $" (managed PostgreSQL, data in {server.DataDirectory})" : "";
            return $"{builder.Host}:{builder.Port}/{builder.Database}{managed}";
        }
    }

    /// <summary>Opens the metadata database and makes sure its schema is this binary's.</summary>
    /// <exception cref="SchemaVersionException">Migrations are pending, or the schema is newer than this binary, or an applied migration changed.</exception>
    public static Task<MetadataConnection> OpenAsync(IConfiguration configuration, CancellationToken ct) =>
        OpenAsync(configuration, SchemaAccess.RequireCurrent, ct);

    /// <inheritdoc cref="OpenAsync(IConfiguration, CancellationToken)"/>
    public static async Task<MetadataConnection> OpenAsync(IConfiguration configuration, SchemaAccess schema, CancellationToken ct)
    {
        var section = configuration.GetSection("DataEngineer");
        var configured = NullIfBlank(configuration.GetConnectionString("Metadata"));
        if (configured is not null)
        {
            ConnectionSettings.Check(configured, "Metadata");
        }

        var database = await MetadataDatabase.ResolveAsync(new MetadataDatabaseOptions
        {
            ConnectionString = configured,
            PostgresBinDirectory = NullIfBlank(section["PostgresBinDirectory"]),
            DataDirectory = NullIfBlank(section["PostgresDataDirectory"]),
        }, logger: null, ct);
        try
        {
            var dataSource = MetadataDataSource.Create(database.ConnectionString);
            var connection = new MetadataConnection(database, dataSource);
            try
            {
                await PrepareSchemaAsync(connection, schema, ct);
            }
            catch (NpgsqlException e) when (configured is not null && !ct.IsCancellationRequested)
            {
                await dataSource.DisposeAsync();
                throw ConnectionSettings.Unreachable(configured, "Metadata", e);
            }
            catch
            {
                await dataSource.DisposeAsync();
                throw;
            }

            return connection;
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    /// <summary>Whether this is the managed local cluster (no connection string configured), which no other deployment shares.</summary>
    public bool IsManaged => _database.LocalServer is not null;

    /// <summary>Whether this process started the managed local cluster (it stops when this connection is disposed).</summary>
    public bool StartedManagedServer => _database.LocalServer?.OwnsServer == true;

    /// <summary>The migrations this process applied when it opened the database (only with <see cref="SchemaAccess.Migrate"/>).</summary>
    public IReadOnlyList<SchemaMigrationEntry> Applied { get; private set; } = [];

    /// <summary>Hangfire's and Quartz's schemas this process installed or upgraded, as they were before (only with <see cref="SchemaAccess.Migrate"/>).</summary>
    public IReadOnlyList<JobStoreSchema> Installed { get; private set; } = [];

    private static async Task PrepareSchemaAsync(MetadataConnection connection, SchemaAccess schema, CancellationToken ct)
    {
        switch (schema)
        {
            case SchemaAccess.Migrate:
            case SchemaAccess.MigrateIfManaged when connection.IsManaged:
                connection.Applied = await SchemaMigrator.MigrateAsync(connection.DataSource, ct: ct);
                connection.Installed = await JobStoreSchemas.InstallAsync(connection.ConnectionString, ct);
                break;
            case SchemaAccess.RequireCurrent:
            case SchemaAccess.MigrateIfManaged:
                (await SchemaStatus.ReadAsync(connection.DataSource, ct: ct)).EnsureCurrent(connection.Description);
                if (JobStoreSchemas.Problem(await JobStoreSchemas.ReadAsync(connection.DataSource, ct), connection.Description) is { } problem)
                {
                    throw new SchemaVersionException(problem);
                }

                break;
            case SchemaAccess.AsIs:
                break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await _database.DisposeAsync();
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
