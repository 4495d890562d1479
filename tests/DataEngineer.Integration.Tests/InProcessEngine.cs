using DataEngineer.Core.Execution;
using DataEngineer.Execution.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DataEngineer.Integration.Tests;

/// <summary>The whole engine in the test's process (Hangfire, Quartz, PostgreSQL store), composed as a standalone host composes it.</summary>
internal static class InProcessEngine
{
    /// <summary>
    /// Starts the engine; <paramref name="configure"/> may add or replace services after the engine's (telemetry,
    /// exporters, the dispatcher); <paramref name="tick"/> replaces the scheduler's tick interval; without
    /// <paramref name="scheduler"/>, the host is a worker only.
    /// </summary>
    public static async Task<IHost> StartAsync(EngineCluster cluster, IDagRegistry dags, WorkerOptions worker, bool pausedAtCreation, Action<HostApplicationBuilder>? configure = null,
        TimeSpan? tick = null, bool scheduler = true)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddDataEngineerEngine(new EngineSettings
        {
            Store = cluster.Store,
            ConnectionString = cluster.ConnectionString,
            Dags = dags,
            Runtime = new TaskRuntimeOptions { Connections = Core.Connections.ConnectionRegistry.FromConnectionStrings(new Dictionary<string, string> { ["Warehouse"] = cluster.ConnectionString }) },
            Scheduler = new SchedulerOptions { DagsArePausedAtCreation = pausedAtCreation, TickInterval = tick ?? new SchedulerOptions().TickInterval },
            Worker = worker,
        });
        builder.Services.AddDataEngineerWorker(worker);
        if (scheduler)
        {
            builder.Services.AddDataEngineerScheduler(cluster.ConnectionString);
        }

        configure?.Invoke(builder);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>Stops and disposes the host, and takes Hangfire's global log provider back from its disposed logger factory.</summary>
    public static async Task StopAsync(IHost host)
    {
        await host.StopAsync();
        host.Dispose();
        global::Hangfire.Logging.LogProvider.SetCurrentLogProvider(null);
    }
}
