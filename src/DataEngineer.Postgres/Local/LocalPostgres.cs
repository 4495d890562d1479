using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace DataEngineer.Postgres.Local;

/// <summary>
/// A PostgreSQL server on 127.0.0.1 run from the machine's binaries: initialized on first use, started by
/// <see cref="StartAsync(LocalPostgresOptions, ILogger?, CancellationToken)"/>, stopped on dispose; or, when one already runs on the data directory, attached to.
/// </summary>
public sealed class LocalPostgres : IAsyncDisposable
{
    private const string Host = "127.0.0.1";
    private const int MaxPortAttempts = 5;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);

    private readonly ClusterDirectory _cluster;
    private readonly string _password;
    // Null when attached: we never run pg_ctl against a server someone else started.
    private readonly string? _binDirectory;
    private readonly ILogger _logger;
    private readonly ClusterUsers _users;
    private int _disposed;

    private LocalPostgres(ClusterDirectory cluster, int port, string password, string? binDirectory, ILogger logger, ClusterUsers users)
    {
        _cluster = cluster;
        _users = users;
        Port = port;
        _password = password;
        _binDirectory = binDirectory;
        _logger = logger;
    }

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; }

    /// <summary>The cluster's data directory (full path).</summary>
    public string DataDirectory => _cluster.DataDirectory;

    /// <summary>The 0600 file beside the data directory that holds the superuser password.</summary>
    public string PasswordFile => _cluster.PasswordFile;

    /// <summary>
    /// True when this instance started the server and so stops it on dispose (unless another process is still attached);
    /// false when it attached to one.
    /// </summary>
    public bool OwnsServer => _binDirectory is not null;

    /// <summary>
    /// Starts the server on <see cref="LocalPostgresOptions.DataDirectory"/>, initializing a cluster there first if
    /// there is none, and returns once it accepts connections. Attaches instead when a server already runs there.
    /// </summary>
    /// <exception cref="PostgresUnavailableException">No PostgreSQL server binaries were found.</exception>
    /// <exception cref="LocalPostgresException">The cluster could not be initialized, started or reached.</exception>
    public static Task<LocalPostgres> StartAsync(LocalPostgresOptions options, ILogger? logger = null, CancellationToken ct = default) =>
        StartAsync(options, FreeLoopbackPort.Candidates(), logger, ct);

    internal static async Task<LocalPostgres> StartAsync(
        LocalPostgresOptions options, IEnumerable<int> freePortCandidates, ILogger? logger, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        logger ??= NullLogger.Instance;
        var cluster = new ClusterDirectory(options.DataDirectory);
        var users = await ClusterUsers.JoinAsync(cluster.DataDirectory, options.StartTimeout, ct);
        try
        {
            return await StartOrAttachAsync(options, cluster, users, freePortCandidates, logger, ct);
        }
        catch
        {
            users.Dispose();
            throw;
        }
    }

    private static async Task<LocalPostgres> StartOrAttachAsync(
        LocalPostgresOptions options, ClusterDirectory cluster, ClusterUsers users, IEnumerable<int> freePortCandidates, ILogger logger, CancellationToken ct)
    {
        if (PostmasterPidFile.ReadLive(cluster.DataDirectory) is { } running)
        {
            return await AttachAsync(cluster, running, options.StartTimeout, logger, users, ct);
        }

        var binDirectory = PostgresBinaries.Find(options.BinDirectory) ?? throw new PostgresUnavailableException(options.BinDirectory);
        var password = cluster.HasCluster
            ? cluster.ReadPassword()
            : await cluster.InitializeAsync(binDirectory, skipSync: options.FastUnsafe, logger);

        if (options.RemoteClients is { } remote)
        {
            AllowInHba(cluster, remote);
        }

        IEnumerable<int> ports = options.Port is { } configured ? [configured] : freePortCandidates.Take(MaxPortAttempts);
        foreach (var port in ports)
        {
            ct.ThrowIfCancellationRequested();
            var logStart = ServerLog.Length(cluster.LogFile);
            var result = await ServerUser.RunAsync(
                PostgresBinaries.ProgramPath(binDirectory, "pg_ctl"),
                ["start", "-D", cluster.DataDirectory, "-l", cluster.LogFile, "-w", "-s",
                 "-t", WholeSeconds(options.StartTimeout), "-o", ServerOptions(cluster, port, options)]);
            if (result.Succeeded)
            {
                var server = new LocalPostgres(cluster, port, password, binDirectory, logger, users);
                await server.WaitUntilAcceptingOrStopAsync(options.StartTimeout, ct);
                logger.LogInformation("Started PostgreSQL on {Host}:{Port} with data in {DataDirectory}", Host, port, cluster.DataDirectory);
                return server;
            }

            // Another process may have started this cluster between our look and our start.
            if (PostmasterPidFile.ReadLive(cluster.DataDirectory) is { } raced)
            {
                return await AttachAsync(cluster, raced, options.StartTimeout, logger, users, ct);
            }

            var log = ServerLog.ReadFrom(cluster.LogFile, logStart);
            if (options.Port is null && ServerLog.ReportsPortTaken(log))
            {
                logger.LogInformation("Port {Port} was taken before PostgreSQL could bind it; trying another", port);
                continue;
            }

            throw new LocalPostgresException(
                $"PostgreSQL could not start on {Host}:{port} with data in {cluster.DataDirectory}: {result.Output}"
                + $"{Environment.NewLine}The server log {cluster.LogFile} ends with:{Environment.NewLine}{ServerLog.Tail(log)}");
        }

        throw new LocalPostgresException(
            $"PostgreSQL could not start with data in {cluster.DataDirectory}: each of {MaxPortAttempts} free loopback ports was taken before the server could bind it.");
    }

    /// <summary>A connection string for <paramref name="database"/> as the superuser over 127.0.0.1.</summary>
    public string ConnectionString(string database = "postgres") => Builder(database).ConnectionString;

    /// <summary>
    /// Creates the database unless it exists. Safe to call concurrently. The name must match ^[a-z_][a-z0-9_]{0,62}$.
    /// </summary>
    /// <exception cref="ArgumentException">The name is not a valid database name.</exception>
    public async Task EnsureDatabaseAsync(string name, CancellationToken ct = default)
    {
        var quoted = DatabaseName.Quote(name);
        await using var connection = new NpgsqlConnection(AdminConnectionString());
        await connection.OpenAsync(ct);
        await using (var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection))
        {
            exists.Parameters.Add(new NpgsqlParameter { Value = name });
            if (await exists.ExecuteScalarAsync(ct) is not null)
            {
                return;
            }
        }

        try
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE {quoted}", connection);
            await create.ExecuteNonQueryAsync(ct);
            _logger.LogInformation("Created database {Database}", name);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // A concurrent caller created it between our look and our CREATE (the index reports the closer races).
        }
    }

    /// <summary>
    /// Creates (or repairs) a database that a login role of its own owns, for task code: the role is no superuser and
    /// cannot create roles or databases, its password is generated once and kept in a 0600 file beside the data
    /// directory (<see cref="ClusterDirectory.RolePasswordFile"/>), and what the superuser created in that database
    /// before (older versions) is handed over to it. Returns a connection string as that role. Safe to call concurrently.
    /// </summary>
    /// <exception cref="ArgumentException">The name is not a valid database name.</exception>
    public async Task<string> EnsureOwnedDatabaseAsync(string name, CancellationToken ct = default)
    {
        var quoted = DatabaseName.Quote(name);
        var password = _cluster.ReadOrCreateRolePassword(name);
        await using (var connection = new NpgsqlConnection(AdminConnectionString()))
        {
            await connection.OpenAsync(ct);
            // The password is generated from letters and digits only, so it can be spliced into the statement.
            await ExecuteIgnoringRacesAsync(connection,
                $"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{name}') THEN " +
                $"CREATE ROLE {quoted} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS; END IF; END $$", ct);
            await ExecuteIgnoringRacesAsync(connection, $"ALTER ROLE {quoted} WITH LOGIN NOSUPERUSER PASSWORD '{password}'", ct);
        }

        await EnsureDatabaseAsync(name, ct);
        await using (var connection = new NpgsqlConnection(AdminConnectionString()))
        {
            await connection.OpenAsync(ct);
            await ExecuteIgnoringRacesAsync(connection, $"ALTER DATABASE {quoted} OWNER TO {quoted}", ct);
        }

        await HandOverAsync(name, ct);
        var builder = Builder(name);
        builder.Username = name;
        builder.Password = password;
        return builder.ConnectionString;
    }

    /// <summary>Only the superuser (and roles granted it explicitly) may connect to <paramref name="name"/>: task roles cannot even log in there.</summary>
    public async Task RestrictDatabaseAsync(string name, CancellationToken ct = default)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString());
        await connection.OpenAsync(ct);
        await ExecuteIgnoringRacesAsync(connection, $"REVOKE CONNECT, TEMPORARY ON DATABASE {DatabaseName.Quote(name)} FROM PUBLIC", ct);
    }

    // Schemas, tables, views and sequences the superuser made in the database before it had an owner of its own.
    private async Task HandOverAsync(string database, CancellationToken ct)
    {
        var builder = Builder(database);
        builder.Pooling = false;
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(ct);
        await ExecuteIgnoringRacesAsync(connection, $"""
            DO $$
            DECLARE item record;
            BEGIN
                FOR item IN SELECT n.nspname FROM pg_namespace n
                    WHERE n.nspowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)
                      AND n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
                LOOP
                    EXECUTE format('ALTER SCHEMA %I OWNER TO %I', item.nspname, '{database}');
                END LOOP;
                FOR item IN SELECT n.nspname, c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE c.relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user) AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
                      AND n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
                LOOP
                    EXECUTE format('ALTER %s %I.%I OWNER TO %I',
                        CASE item.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END,
                        item.nspname, item.relname, '{database}');
                END LOOP;
            END $$
            """, ct);
    }

    private static async Task ExecuteIgnoringRacesAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        try
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync(ct);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateObject or PostgresErrorCodes.InternalError)
        {
            // A concurrent process did the same at the same moment (catalog updates race with "tuple concurrently updated").
        }
    }

    /// <summary>
    /// Stops the server (pg_ctl stop -m fast) if this instance started it and no other process is attached to it; an
    /// attached instance, or an owner others still use, leaves it running.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (_binDirectory is null)
        {
            _users.Dispose();
            return;
        }

        if (!_users.LeaveAsLast())
        {
            _logger.LogInformation("PostgreSQL with data in {DataDirectory} is left running: another process is attached to it", DataDirectory);
            return;
        }

        try
        {
            await StopAsync(_binDirectory);
        }
        finally
        {
            _users.Dispose();
        }
    }

    private async Task StopAsync(string binDirectory)
    {

        var postmaster = PostmasterPidFile.ReadLive(DataDirectory);
        var result = await ServerUser.RunAsync(
            PostgresBinaries.ProgramPath(binDirectory, "pg_ctl"),
            ["stop", "-D", DataDirectory, "-m", "fast", "-w", "-s", "-t", WholeSeconds(StopTimeout)]);
        if (!result.Succeeded)
        {
            _logger.LogWarning("pg_ctl could not stop PostgreSQL with data in {DataDirectory}: {Output}", DataDirectory, result.Output);
            return;
        }

        // pg_ctl returns once postmaster.pid is gone, a moment before the postmaster itself exits.
        var elapsed = Stopwatch.StartNew();
        while (postmaster is not null && PostmasterPidFile.IsRunning(postmaster.Pid) && elapsed.Elapsed < StopTimeout)
        {
            await Task.Delay(PollInterval / 4);
        }

        _logger.LogInformation("Stopped PostgreSQL with data in {DataDirectory}", DataDirectory);
    }

    private static async Task<LocalPostgres> AttachAsync(
        ClusterDirectory cluster, PostmasterPidFile running, TimeSpan timeout, ILogger logger, ClusterUsers users, CancellationToken ct)
    {
        logger.LogInformation(
            "Using the PostgreSQL server (pid {Pid}) already running on {Host}:{Port} with data in {DataDirectory}; it is left running on exit",
            running.Pid, Host, running.Port, cluster.DataDirectory);
        var server = new LocalPostgres(cluster, running.Port, cluster.ReadPassword(), binDirectory: null, logger, users);
        await server.WaitUntilAcceptingOrStopAsync(timeout, ct);
        return server;
    }

    // Passed by pg_ctl through /bin/sh; ClusterDirectory rejects paths that single quotes cannot carry (an IPAddress
    // prints as digits, dots and colons).
    private static string ServerOptions(ClusterDirectory cluster, int port, LocalPostgresOptions options)
    {
        var listen = options.RemoteClients is { } remote ? $"{Host},{remote.ListenAddress}" : Host;
        var server = $"-c listen_addresses={listen} -p {port} -k '{cluster.SocketDirectory}' -c max_connections=200";
        return options.FastUnsafe ? server + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off" : server;
    }

    // Once per cluster: pg_hba.conf is read at start, and the line stays for later starts on the same data directory.
    private static void AllowInHba(ClusterDirectory cluster, RemoteClients remote)
    {
        var hba = Path.Combine(cluster.DataDirectory, "pg_hba.conf");
        if (!File.ReadAllLines(hba).Contains(remote.HbaLine, StringComparer.Ordinal))
        {
            File.AppendAllText(hba, remote.HbaLine + Environment.NewLine);
        }
    }

    private static string WholeSeconds(TimeSpan timeout) => Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds)).ToString();

    private async Task WaitUntilAcceptingOrStopAsync(TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            await WaitUntilAcceptingAsync(timeout, ct);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    private async Task WaitUntilAcceptingAsync(TimeSpan timeout, CancellationToken ct)
    {
        var elapsed = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(AdminConnectionString());
                await connection.OpenAsync(ct);
                return;
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification)
            {
                throw new LocalPostgresException(
                    $"The PostgreSQL server on {Host}:{Port} (data in {DataDirectory}) rejected the superuser password in {PasswordFile}.", e);
            }
            catch (NpgsqlException e) when (elapsed.Elapsed >= timeout)
            {
                var log = ServerLog.Tail(ServerLog.ReadEnd(_cluster.LogFile));
                throw new LocalPostgresException(
                    $"PostgreSQL with data in {DataDirectory} did not accept connections on {Host}:{Port} within {timeout.TotalSeconds:0} s: {e.Message}"
                    + $"{Environment.NewLine}The server log {_cluster.LogFile} ends with:{Environment.NewLine}{log}",
                    e);
            }
            catch (NpgsqlException)
            {
                await Task.Delay(PollInterval, ct);
            }
        }
    }

    // Unpooled: these connections are rare, and a pool would outlive a server we stop.
    // A short timeout keeps one hanging attempt from overrunning the start timeout by much.
    private string AdminConnectionString()
    {
        var builder = Builder("postgres");
        builder.Pooling = false;
        builder.Timeout = 5;
        return builder.ConnectionString;
    }

    private NpgsqlConnectionStringBuilder Builder(string database) => new()
    {
        Host = Host,
        Port = Port,
        Username = ClusterDirectory.SuperUser,
        Password = _password,
        Database = database,
    };
}
