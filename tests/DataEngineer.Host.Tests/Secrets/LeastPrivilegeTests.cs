using DataEngineer.Core.Connections;
using DataEngineer.Host.Hosting;
using DataEngineer.Postgres.Local;
using DataEngineer.Testing;
using Microsoft.Extensions.Configuration;
using Npgsql;
using Xunit;

namespace DataEngineer.Host.Tests.Secrets;

/// <summary>
/// Standalone with no connection strings: the metadata database and the tasks' warehouse share one managed server,
/// and what tasks are given (the <c>Warehouse</c> connection) cannot read the metadata tables.
/// </summary>
public sealed class LeastPrivilegeTests : IDisposable
{
    private readonly PostgresScratchDirectory _scratch = new();

    [Fact]
    public async Task ManagedWarehouse_TaskConnectionCannotReadMetadataTables()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DataEngineer:PostgresDataDirectory"] = _scratch.DataDirectory,
        }).Build();
        await using var metadata = await MetadataConnection.OpenAsync(configuration, SchemaAccess.MigrateIfManaged, CancellationToken.None);
        await using var tasks = await TaskConnections.ResolveAsync(configuration, CancellationToken.None);
        var metadataDatabase = new NpgsqlConnectionStringBuilder(metadata.ConnectionString).Database!;

        // The engine's own connection is not among the task's, whatever name a task asks for.
        Assert.Null(tasks.Registry.Find("Metadata"));
        var unknown = Assert.Throws<UnknownConnectionException>(() => tasks.Registry.Get("Metadata"));
        Assert.Contains("DATAENGINEER_CONN_METADATA", unknown.Message, StringComparison.Ordinal);

        var warehouse = tasks.Registry.Get(TaskConnections.Warehouse);
        Assert.Equal("warehouse", warehouse.Login);
        Assert.NotEqual(new NpgsqlConnectionStringBuilder(metadata.ConnectionString).Password, warehouse.Password);

        // In its own database the task's role works, and is no superuser.
        await using (var own = new NpgsqlConnection(warehouse.ToConnectionString()))
        {
            await own.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE TABLE probe (id int); INSERT INTO probe VALUES (1); SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user", own);
            Assert.False((bool)(await create.ExecuteScalarAsync())!);
        }

        // Pointed at the metadata database, the same credentials cannot even connect...
        var intoMetadata = new NpgsqlConnectionStringBuilder(warehouse.ToConnectionString()) { Database = metadataDatabase, Pooling = false }.ConnectionString;
        await using (var probe = new NpgsqlConnection(intoMetadata))
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => probe.OpenAsync());
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        }

        // ...and even granted CONNECT, reading web_users or audit_log is refused and becoming the superuser too.
        await using (var admin = new NpgsqlConnection(metadata.ConnectionString))
        {
            await admin.OpenAsync();
            await using var grant = new NpgsqlCommand($"GRANT CONNECT ON DATABASE \"{metadataDatabase}\" TO warehouse", admin);
            await grant.ExecuteNonQueryAsync();
        }

        await using (var probe = new NpgsqlConnection(intoMetadata))
        {
            await probe.OpenAsync();
            foreach (var sql in new[] { "SELECT * FROM dataengineer.web_users", "SELECT * FROM dataengineer.audit_log", "DELETE FROM dataengineer.audit_log", "SET ROLE postgres" })
            {
                await using var command = new NpgsqlCommand(sql, probe);
                var denied = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
                Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, denied.SqlState);
            }
        }
    }

    [Fact]
    public async Task ManagedWarehouse_FromAnOlderVersion_IsHandedToTheWarehouseRole()
    {
        // An older standalone created the warehouse as the superuser and wrote tables into it.
        await using (var server = await LocalPostgres.StartAsync(new LocalPostgresOptions { DataDirectory = _scratch.DataDirectory }))
        {
            await server.EnsureDatabaseAsync("warehouse");
            await using var old = new NpgsqlConnection(server.ConnectionString("warehouse"));
            await old.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE SCHEMA mart; CREATE TABLE mart.orders (id int); INSERT INTO mart.orders VALUES (7)", old);
            await create.ExecuteNonQueryAsync();
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DataEngineer:PostgresDataDirectory"] = _scratch.DataDirectory,
        }).Build();
        await using var tasks = await TaskConnections.ResolveAsync(configuration, CancellationToken.None);
        await using var connection = new NpgsqlConnection(tasks.Registry.Get(TaskConnections.Warehouse).ToConnectionString());
        await connection.OpenAsync();
        await using var read = new NpgsqlCommand("SELECT id FROM mart.orders", connection);
        Assert.Equal(7, (int)(await read.ExecuteScalarAsync())!);
    }

    public void Dispose() => _scratch.Dispose();
}
