using Npgsql;

namespace DataEngineer.Postgres.Metadata;

/// <summary>
/// The connection pool the engine's metadata store runs on. Two settings differ from Npgsql's defaults, both for the
/// per-task path's cost (measured with pg_stat_statements on a 1→10,000→1 fan-out):
/// <list type="bullet">
/// <item>No reset on close: Npgsql sends <c>DISCARD ALL</c> when a pooled connection is reused, which PostgreSQL counts
/// as a transaction of its own, one more per step. The store leaves no session state behind (only <c>SET LOCAL</c>, advisory
/// locks only for the transaction, and the one <c>LISTEN</c> of a scheduler's queued-run listener undone before its
/// connection goes back), so there is nothing to reset.</item>
/// <item>Automatic preparation: a statement sent twice on a connection is prepared, so PostgreSQL stops parsing and
/// planning the same few statements for every task. Only <c>db migrate</c> changes the schema, before any process runs.</item>
/// </list>
/// </summary>
public static class MetadataDataSource
{
    /// <summary>Statements prepared per physical connection: the per-task path and the scheduler's tick use fewer.</summary>
    public const int MaxAutoPrepare = 64;

    public static NpgsqlDataSource Create(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConnectionStringBuilder.NoResetOnClose = true;
        builder.ConnectionStringBuilder.MaxAutoPrepare = MaxAutoPrepare;
        builder.ConnectionStringBuilder.AutoPrepareMinUsages = 2;
        return builder.Build();
    }
}
