using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;

namespace DataEngineer.Execution.Hangfire;

/// <summary>
/// Hangfire's storage in the metadata database, tuned for the wake-ups it carries behind the store's own signal
/// (workers claim a queued task on the queueing's NOTIFY; Hangfire wakes a queue for tasks still unclaimed a second
/// later): long polling (LISTEN/NOTIFY) so a worker takes a wake-up job as soon as it is enqueued, a 60 s poll only as a
/// fallback (a queued task whose wake-up was lost is woken again by the scheduler), and a sliding invisibility timeout so
/// a long try is never fetched twice while its worker lives. An idle worker's Hangfire fetchers cost a
/// transaction each per poll, which is why the poll is slow.
/// </summary>
public static class HangfireStorage
{
    public const string Schema = "dataengineer_hangfire";

    /// <summary>The serializer settings every process that enqueues or runs jobs must share.</summary>
    public static void Configure(IGlobalConfiguration configuration) => configuration
        .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
        .UseSimpleAssemblyNameTypeSerializer()
        .UseRecommendedSerializerSettings();

    /// <summary>A dispatcher for a process that only enqueues (the CLI), with the shared settings.</summary>
    public static HangfireDispatcher ClientDispatcher(string connectionString)
    {
        Configure(GlobalConfiguration.Configuration);
        return new HangfireDispatcher(new BackgroundJobClient(Create(connectionString)));
    }

    public static PostgreSqlStorage Create(string connectionString)
    {
        var options = new PostgreSqlStorageOptions
        {
            SchemaName = Schema,
            // Installed by 'db migrate' (JobStoreSchemas), never by a process at start.
            PrepareSchemaIfNecessary = false,
            EnableLongPolling = true,
            QueuePollInterval = TimeSpan.FromSeconds(60),
            InvisibilityTimeout = TimeSpan.FromSeconds(30),
            UseSlidingInvisibilityTimeout = true,
        };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options, null), options);
    }
}
