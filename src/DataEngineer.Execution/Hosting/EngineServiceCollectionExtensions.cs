using DataEngineer.Core.Telemetry;
using DataEngineer.Core.Execution;
using DataEngineer.Core.Quality;
using DataEngineer.Core.Storage;
using DataEngineer.Execution.Hangfire;
using DataEngineer.Execution.Quartz;
using Hangfire;
using Hangfire.AspNetCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quartz;

namespace DataEngineer.Execution.Hosting;

/// <summary>Registers the engine's roles in a host: any mix of scheduler and worker, against one metadata database.</summary>
public static class EngineServiceCollectionExtensions
{
    /// <summary>What every role needs: the store, the DAGs, the clock, and the Hangfire client that queues work.</summary>
    public static IServiceCollection AddDataEngineerEngine(this IServiceCollection services, EngineSettings settings)
    {
        services.AddMetadataStore(settings.Store);
        services.AddSingleton(settings.Dags);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(settings.Runtime);
        services.AddSingleton(settings.Scheduler);
        services.AddSingleton(settings.Worker);
        // The try pipeline, composed once: the engine's filters around the invoker, then the try-end filters registered as
        // ITryFilter (the failure log here, callbacks and alerts with AddDataEngineerAlerts); the worker runs tries through
        // it, and the scheduler's reaper and people's decisions tell it the ends they record. The runtime options come from
        // the container, not the settings: a host may replace them (the variable cipher needs the host's key ring).
        services.AddSingleton<ITryFilter, TryFailureLog>();
        services.AddSingleton(sp => TryPipeline.Standard(settings.Store, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<TaskRuntimeOptions>(), settings.Dags,
            sp.GetRequiredService<ILogger<TryPipeline>>(), sp.GetServices<ITryFilter>()));

        // Our own storage instance, registered before AddHangfire (which only adds the static one if none is registered).
        services.AddSingleton<JobStorage>(_ => HangfireStorage.Create(settings.ConnectionString));
        services.AddHangfire(HangfireStorage.Configure);
        services.AddSingleton<HangfireDispatcher>();
        // Workers claim queued tasks the moment the store announces them; Hangfire wakes a queue only for the tasks that
        // fast path did not take.
        services.AddSingleton<ITaskDispatcher>(sp => new UnclaimedTaskWakeUps(sp.GetRequiredService<HangfireDispatcher>(), settings.Store,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<UnclaimedTaskWakeUps>>()));
        services.AddSingleton<IBackfillDispatcher>(sp => sp.GetRequiredService<HangfireDispatcher>());
        return services;
    }

    /// <summary>
    /// The store as its ports: the aggregate for composition roots, and each port it implements for the consumers that
    /// inject it (the engine's write path <see cref="IRunStore"/>, the read model <see cref="IRunQueries"/>, and the rest).
    /// </summary>
    public static IServiceCollection AddMetadataStore(this IServiceCollection services, IMetadataStore store)
    {
        services.AddSingleton(store);
        services.AddSingleton<IDagStore>(store);
        services.AddSingleton<IRunStore>(store);
        services.AddSingleton<IRunQueries>(store);
        services.AddSingleton<IXComStore>(store);
        services.AddSingleton<ITaskLogStore>(store);
        services.AddSingleton<IPoolStore>(store);
        services.AddSingleton<IDataQualityStore>(store);
        services.AddSingleton<IWatermarkStore>(store);
        services.AddSingleton<IProcessRegistry>(store);
        services.AddSingleton<IAuditLog>(store);
        services.AddSingleton<IUserStore>(store);
        services.AddSingleton<IDatasetCatalogStore>(store);
        services.AddSingleton<IDatasetEventStore>(store);
        services.AddSingleton<IDagCodeStore>(store);
        services.AddSingleton<ITryTraceStore>(store);
        services.AddSingleton<IVariableStore>(store);
        services.AddSingleton<IBackfillStore>(store);
        services.AddSingleton<IDeadlineStore>(store);
        services.AddSingleton<IQueuedRunSignal>(store);
        services.AddSingleton<IQueuedTaskSignal>(store);
        return services;
    }

    /// <summary>The worker role: a Hangfire server on the worker's queues, running tries through the task worker.</summary>
    public static IServiceCollection AddDataEngineerWorker(this IServiceCollection services, WorkerOptions options)
    {
        services.AddSingleton<TaskWorker>();
        services.AddSingleton<Backfill>();
        services.AddTransient<QueueWakeUpJob>();
        services.AddTransient<BackfillJob>();

        // Hosted services stop in reverse order: the Hangfire server (registered after) stops first,
        // cancelling and re-queueing its jobs; then the worker service stops the local work.
        services.AddHostedService<WorkerService>();
        services.AddHangfireServer((sp, server) =>
        {
            server.ServerName = options.Hostname;
            server.Queues = [.. options.Queues.Order(StringComparer.Ordinal)];
            server.WorkerCount = options.Concurrency;
            server.Activator = new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>());
            server.CancellationCheckInterval = TimeSpan.FromSeconds(1);
            server.ShutdownTimeout = TimeSpan.FromSeconds(30);
        });
        return services;
    }

    /// <summary>The scheduler role: Quartz (clustered, in the metadata database) fires cron schedules; the scheduler service ticks.</summary>
    public static IServiceCollection AddDataEngineerScheduler(this IServiceCollection services, string connectionString)
    {
        services.AddSingleton<RunScheduler>();
        services.AddSingleton<DatasetTriggeredRuns>();
        services.AddSingleton<FreshnessMonitor>();
        services.AddSingleton<QuartzSchedules>();
        services.AddQuartz(quartz =>
        {
            // The same instance name on every scheduler makes them one cluster; instance ids are generated.
            quartz.ConfigureScheduler(o => o.InstanceName = "dataengineer");
            quartz.UseDefaultThreadPool(4);
            quartz.UsePersistentStore(store =>
            {
                // Quartz only validates its tables here (its default): db migrate created them (JobStoreSchemas).
                QuartzSchema.Configure(store, connectionString);
                store.UseClustering(cluster =>
                {
                    cluster.CheckinInterval = TimeSpan.FromSeconds(5);
                    cluster.CheckinMisfireThreshold = TimeSpan.FromSeconds(20);
                });
            });
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        services.AddHostedService<SchedulerService>();
        return services;
    }
}
