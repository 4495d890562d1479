using DataEngineer.Core.Alerts;
using DataEngineer.Core.Storage;
using DataEngineer.Postgres.Local;
using DataEngineer.Postgres.Metadata;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace DataEngineer.Host.Hosting;

/// <summary>
/// The metadata database a process uses: <c>ConnectionStrings:Metadata</c>, or the managed local
/// PostgreSQL. Opening migrates the schema (safe from several processes at once).
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
    }

    public IMetadataStore Store { get; }

    /// <summary>The alert outbox, in the same database.</summary>
    public IAlertStore Alerts { get; }

    /// <summary>The web users' session stamps, in the same database.</summary>
    public ISessionStampStore Sessions { get; }

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

    public static async Task<MetadataConnection> OpenAsync(IConfiguration configuration, CancellationToken ct)
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
            var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
            try
            {
                await SchemaMigrator.MigrateAsync(dataSource, ct: ct);
            }
            catch (NpgsqlException e) when (configured is not null && !ct.IsCancellationRequested)
            {
                await dataSource.DisposeAsync();
                throw ConnectionSettings.Unreachable(configured, "Metadata", e);
            }

            return new MetadataConnection(database, dataSource);
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await _database.DisposeAsync();
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
