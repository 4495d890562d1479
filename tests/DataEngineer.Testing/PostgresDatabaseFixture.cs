using Npgsql;
using Xunit;

namespace DataEngineer.Testing;

/// <summary>
/// A fresh database with a unique name on the shared <see cref="PostgresTestCluster"/>, for IClassFixture use;
/// dropped on dispose.
/// </summary>
public sealed class PostgresDatabaseFixture : IAsyncLifetime
{
    private string? _connectionString;

    /// <summary>The database's name, unique to this fixture.</summary>
    public string DatabaseName { get; } = "test_" + Guid.NewGuid().ToString("N");

    /// <summary>A superuser connection string for the database.</summary>
    public string ConnectionString =>
        _connectionString ?? throw new InvalidOperationException("The fixture's database exists only after InitializeAsync.");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var cluster = await PostgresTestCluster.SharedAsync();
        await cluster.EnsureDatabaseAsync(DatabaseName);
        _connectionString = cluster.ConnectionString(DatabaseName);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_connectionString is null)
        {
            return;
        }

        using (var pooled = new NpgsqlConnection(_connectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        var cluster = await PostgresTestCluster.SharedAsync();
        await using var admin = new NpgsqlConnection(cluster.ConnectionString());
        await admin.OpenAsync();
        // FORCE: connections a test leaked must not keep the database alive.
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{DatabaseName}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
