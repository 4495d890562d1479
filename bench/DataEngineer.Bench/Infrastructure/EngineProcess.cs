using DataEngineer.Core.Execution;
using DataEngineer.Core.Storage;
using DataEngineer.Execution.Hosting;
using DataEngineer.Postgres.Metadata;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace DataEngineer.Bench.Infrastructure;

/// <summary>
/// The engine composed as the <c>dataengineer</c> host composes a role (EngineHost.cs), minus the web part:
/// PostgreSQL metadata store, Hangfire dispatcher and server, task worker, and optionally the scheduler role
/// (Quartz plus the ticking RunScheduler). Lives until disposed.
/// </summary>
public sealed class EngineProcess : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly NpgsqlDataSource _dataSource;

    private EngineProcess(IHost host, NpgsqlDataSource dataSource, IMetadataStore store)
    {
        _host = host;
        _dataSource = dataSource;
        Store = store;
    }

    /// <summary>The metadata store for the benchmark's own reads and triggers; never the wrapped one the engine uses.</summary>
    public IMetadataStore Store { get; }

    /// <summary>
    /// Starts the host and, with the scheduler role, waits until it has recorded the DAGs. <paramref name="wrapStore"/>
    /// lets the profile put a counting decorator between the engine (only) and the store.
    /// </summary>
    public static async Task<EngineProcess> StartAsync(
        string connectionString, IDagRegistry dags, WorkerOptions worker, bool scheduler, CancellationToken ct, Func<IMetadataStore, IMetadataStore>? wrapStore = null)
    {
        var dataSource = MetadataDataSource.Create(connectionString);
        var store = new PostgresMetadataStore(dataSource);

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true });
        // The report goes to stdout; the engine's own warnings and errors go to stderr.
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddDataEngineerEngine(new EngineSettings
        {
            Store = wrapStore?.Invoke(store) ?? store,
            ConnectionString = connectionString,
            Dags = dags,
            // DAGs start unpaused: a manual run of a paused DAG would wait (Airflow's rule too).
            Scheduler = new SchedulerOptions { DagsArePausedAtCreation = false },
            Worker = worker,
        });
        TaskOutputRouter.Install();
        builder.Services.AddDataEngineerWorker(worker);
        if (scheduler)
        {
            builder.Services.AddDataEngineerScheduler(connectionString);
        }

        var host = builder.Build();
        var process = new EngineProcess(host, dataSource, store);
        try
        {
            await host.StartAsync(ct);
            if (scheduler)
            {
                await process.WaitForDagsAsync(dags.Dags.Count, ct);
            }
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }

        return process;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None);
        _host.Dispose();
        await _dataSource.DisposeAsync();
    }

    // The scheduler records the DAGs when it starts; triggering before that would race its first sync.
    private async Task WaitForDagsAsync(int count, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(60);
        while ((await Store.ListDagsAsync(ct)).Count < count)
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"The scheduler did not record the {count} benchmark DAGs within 60 s.");
            }

            await Task.Delay(50, ct);
        }
    }
}
