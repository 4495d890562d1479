using System.CommandLine;
using DataEngineer.Host.Hosting;
using Npgsql;

namespace DataEngineer.Host.Cli;

/// <summary>
/// The database <c>db url</c> and <c>db shell</c> reach: the metadata database (<c>ConnectionStrings:Metadata</c> or the
/// managed one), or with <c>--warehouse</c> the tasks' <c>Warehouse</c> connection (or the managed <c>warehouse</c>
/// database). A managed server this command had to start is stopped again when it is disposed.
/// </summary>
internal sealed class DbTarget : IAsyncDisposable
{
    private readonly IAsyncDisposable _holder;

    private DbTarget(NpgsqlConnectionStringBuilder connection, string name, bool startedHere, IAsyncDisposable holder)
    {
        Connection = connection;
        Name = name;
        StartedHere = startedHere;
        _holder = holder;
    }

    /// <summary>The connection's settings, with its password: never print them unmasked unless asked.</summary>
    public NpgsqlConnectionStringBuilder Connection { get; }

    /// <summary>Which database this is, for messages: metadata or warehouse.</summary>
    public string Name { get; }

    /// <summary>Whether this command started the managed PostgreSQL (so it stops again when the command ends).</summary>
    public bool StartedHere { get; }

    public static Option<bool> CreateOption() => new("--warehouse")
    {
        Description = "The tasks' Warehouse connection (the managed 'warehouse' database when none is configured) instead of the metadata database.",
    };

    public static async Task<DbTarget> OpenAsync(CliEnvironment env, bool warehouse, CancellationToken ct)
    {
        if (warehouse)
        {
            var connections = await TaskConnections.ResolveAsync(env.Configuration, ct);
            var found = connections.Registry.Find(TaskConnections.Warehouse);
            if (found is not { IsPostgres: true })
            {
                await connections.DisposeAsync();
                throw new CliError($"The Warehouse connection is a '{found?.Kind}' connection, not PostgreSQL: db url and db shell reach PostgreSQL only.");
            }

            return new DbTarget(new NpgsqlConnectionStringBuilder(found.ToConnectionString()), "warehouse", connections.StartedManagedServer, connections);
        }

        var metadata = await MetadataConnection.OpenAsync(env.Configuration, SchemaAccess.AsIs, ct);
        return new DbTarget(new NpgsqlConnectionStringBuilder(metadata.ConnectionString), "metadata", metadata.StartedManagedServer, metadata);
    }

    /// <summary>A note for standard error when the URL only works while this command runs, else null.</summary>
    public string? Transience => StartedHere
        ? $"No standalone is running, so this command started the managed PostgreSQL and stops it when it ends: the {Name} URL works while 'dataengineer' (standalone) runs."
        : null;

    public ValueTask DisposeAsync() => _holder.DisposeAsync();
}
