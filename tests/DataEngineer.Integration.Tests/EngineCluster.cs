using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Execution.Hosting;
using DataEngineer.Postgres.Metadata;
using DataEngineer.Testing;
using Npgsql;

namespace DataEngineer.Integration.Tests;

/// <summary>
/// One fresh database per test class on the shared test cluster, and the environment that points
/// real <c>dataengineer</c> processes at it: metadata and warehouse there, the test DAGs loaded, a
/// 5 s zombie timeout, new DAGs unpaused.
/// </summary>
public sealed class EngineCluster : IAsyncDisposable
{
    private readonly PostgresDatabaseFixture _database = new();
    private readonly List<HostProcess> _processes = [];
    private NpgsqlDataSource? _dataSource;

    public IMetadataStore Store { get; private set; } = null!;

    public string ConnectionString => _database.ConnectionString;

    public static string TestDagsPath => typeof(TestDags.CatchupDag).Assembly.Location;

    /// <summary>The example DAGs compiled as an assembly: the cluster's processes load them without compiling the folder.</summary>
    public static string ExampleDagsPath => typeof(Dags.OrdersEtl.OrdersEtlDag).Assembly.Location;

    /// <summary>More environment variables for the processes started after they are set.</summary>
    public Dictionary<string, string> ExtraEnvironment { get; } = [];

    public IReadOnlyDictionary<string, string> Environment => ExtraEnvironment.Aggregate(new Dictionary<string, string>
    {
        ["ConnectionStrings__Metadata"] = ConnectionString,
        ["ConnectionStrings__Warehouse"] = ConnectionString,
        ["DataEngineer__DagAssemblies"] = $"{TestDagsPath};{ExampleDagsPath}",
        ["DataEngineer__DagsFolder"] = "",
        ["DataEngineer__ZombieTimeoutSeconds"] = "5",
        ["DataEngineer__DagsArePausedAtCreation"] = "false",
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__LogLevel__DataEngineer"] = "Information",
    }, (all, extra) =>
    {
        all[extra.Key] = extra.Value;
        return all;
    });

    /// <summary>Settings for running the CLI in process against this cluster.</summary>
    public IReadOnlyDictionary<string, string?> Settings => Environment.ToDictionary(e => e.Key.Replace("__", ":", StringComparison.Ordinal), e => (string?)e.Value);

    public static async Task<EngineCluster> CreateAsync()
    {
        var cluster = new EngineCluster();
        await cluster._database.InitializeAsync();
        cluster._dataSource = NpgsqlDataSource.Create(cluster.ConnectionString);
        await SchemaMigrator.MigrateAsync(cluster._dataSource);
        await JobStoreSchemas.InstallAsync(cluster.ConnectionString);
        cluster.Store = new PostgresMetadataStore(cluster._dataSource);
        return cluster;
    }

    /// <summary>Starts scheduler, worker and web host in one process (<c>standalone</c>), its web host on a free port.</summary>
    public Task<HostProcess> StartStandaloneAsync() =>
        StartAsync("standalone", "--port", FreeTcpPort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Starts a role process and waits until it runs.</summary>
    public Task<HostProcess> StartAsync(params string[] args) => StartAsync(new Dictionary<string, string>(), args);

    /// <summary>As <see cref="StartAsync(string[])"/>, with extra environment variables on top of the cluster's.</summary>
    public async Task<HostProcess> StartAsync(IReadOnlyDictionary<string, string> extra, params string[] args)
    {
        var environment = new Dictionary<string, string>(Environment);
        foreach (var (key, value) in extra)
        {
            environment[key] = value;
        }

        var process = HostProcess.Start(environment, args);
        _processes.Add(process);
        try
        {
            await process.WaitForOutputAsync("is running", TimeSpan.FromSeconds(120));
        }
        catch (InvalidOperationException)
        {
            // Stopped here: a test class whose InitializeAsync throws is never disposed by xunit, and the process would outlive the run.
            _processes.Remove(process);
            await process.DisposeAsync();
            throw;
        }

        return process;
    }

    /// <summary>Polls the store until the condition holds, failing with the processes' output after the limit.</summary>
    /// <summary>How many sessions of this cluster's database are listening on <paramref name="channel"/> (their last statement was its LISTEN).</summary>
    public async Task<long> ListenersAsync(string channel)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE query = 'LISTEN ' || @channel AND datname = current_database()", connection);
        count.Parameters.AddWithValue("channel", channel);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    public async Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan limit, string what)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}. Process output:{System.Environment.NewLine}{string.Join(System.Environment.NewLine + "----" + System.Environment.NewLine, _processes.Select(p => p.Output))}");
            }

            await Task.Delay(200);
        }
    }

    public Task<RunSnapshot> WaitForRunAsync(RunKey key, TimeSpan limit) =>
        WaitForAsync(async () => await Store.GetRunAsync(key), s => s is not null && s.Run.State.IsFinished(), limit, $"run {key} to finish")!;

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }

        await _database.DisposeAsync();
    }
}
