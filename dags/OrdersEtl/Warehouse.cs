using Npgsql;

namespace DataEngineer.Dags.OrdersEtl;

/// <summary>Shared warehouse plumbing for the orders DAG.</summary>
public static class Warehouse
{
    /// <summary>The connection name tasks ask the host for (ConnectionStrings:Warehouse).</summary>
    public const string ConnectionName = "Warehouse";

    // Two runs creating the same tables at once would collide in the catalog; one lock serialises DDL.
    private const long DdlLock = 0x0DE7_0001;

    /// <summary>Runs idempotent DDL under a transaction-scoped advisory lock.</summary>
    public static async Task RunDdlAsync(NpgsqlConnection connection, string ddl, CancellationToken ct)
    {
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({DdlLock})", connection, tx))
        {
            await lockCommand.ExecuteNonQueryAsync(ct);
        }

        await using (var command = new NpgsqlCommand(ddl, connection, tx))
        {
            await command.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
    }

    /// <summary>Opens a connection to the warehouse named in the host's configuration.</summary>
    public static async Task<NpgsqlConnection> OpenAsync(Sdk.TaskContext context)
    {
        var connection = new NpgsqlConnection(context.GetConnectionString(ConnectionName));
        await connection.OpenAsync(context.CancellationToken);
        return connection;
    }
}
