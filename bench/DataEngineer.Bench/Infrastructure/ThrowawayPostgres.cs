using System.Globalization;
using DataEngineer.Execution.Hosting;
using DataEngineer.Postgres.Local;
using DataEngineer.Postgres.Metadata;
using Npgsql;

namespace DataEngineer.Bench.Infrastructure;

/// <summary>
/// A PostgreSQL cluster made for one benchmark run: fresh data directory under the temp path, free loopback port,
/// default durability (fsync and synchronous_commit on, as a real deployment), the metadata schema migrated.
/// Stopped and deleted on dispose.
/// </summary>
public sealed class ThrowawayPostgres : IAsyncDisposable
{
    public const string Database = "dataengineer";

    private readonly LocalPostgres _server;
    private readonly string _directory;

    private ThrowawayPostgres(LocalPostgres server, string directory, string connectionString)
    {
        _server = server;
        _directory = directory;
        ConnectionString = connectionString;
    }

    /// <summary>The metadata database's connection string; carries the password, so it is never printed.</summary>
    public string ConnectionString { get; }

    /// <summary>The server's main process, whose process tree the CPU meter reads.</summary>
    public int PostmasterPid => int.Parse(File.ReadLines(Path.Combine(_server.DataDirectory, "postmaster.pid")).First(), CultureInfo.InvariantCulture);

    public static async Task<ThrowawayPostgres> StartAsync(CancellationToken ct)
    {
        var directory = Directory.CreateTempSubdirectory("dataengineer-bench-").FullName;
        if (!OperatingSystem.IsWindows())
        {
            // Created 0700; as root the server runs as the postgres OS user, which must be able to enter it.
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        LocalPostgres? server = null;
        try
        {
            server = await LocalPostgres.StartAsync(new LocalPostgresOptions { DataDirectory = Path.Combine(directory, "data"), FastUnsafe = false }, ct: ct);
            await server.EnsureDatabaseAsync(Database, ct);
            var connectionString = server.ConnectionString(Database);
            await MigrateAsync(connectionString, ct);
            return new ThrowawayPostgres(server, directory, connectionString);
        }
        catch
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }

            Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    /// <summary>
    /// Another metadata database on the same server (migrated, Quartz schema created), for a scenario that must not share
    /// the others' DAGs and runs; its connection string.
    /// </summary>
    public async Task<string> CreateMetadataDatabaseAsync(string name, CancellationToken ct)
    {
        await _server.EnsureDatabaseAsync(name, ct);
        var connectionString = _server.ConnectionString(name);
        await MigrateAsync(connectionString, ct);
        return connectionString;
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private static async Task MigrateAsync(string connectionString, CancellationToken ct)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await SchemaMigrator.MigrateAsync(dataSource, ct: ct);

        // Hangfire's and Quartz's schemas, as db migrate installs them.
        await JobStoreSchemas.InstallAsync(connectionString, ct);
    }
}
