using DataEngineer.Execution.Hosting;
using DataEngineer.Postgres.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Quartz;

namespace DataEngineer.Execution.Quartz;

/// <summary>
/// Quartz's tables in <see cref="Schema"/>: read without DDL (every process; a scheduler's Quartz only validates them)
/// and created by Quartz's own provisioning (<c>db migrate</c> only), which creates what is missing and alters nothing.
/// </summary>
public static class QuartzSchema
{
    /// <summary>The PostgreSQL schema holding Quartz's tables.</summary>
    public const string Schema = "dataengineer_quartz";

    private const string Library = "Quartz";

    private const string TablePrefix = $"{Schema}.qrtz_";

    // The tables of Quartz's PostgreSQL schema every scheduler uses; Quartz validates the rest itself when a scheduler starts.
    private static readonly string[] Tables =
    [
        "job_details", "triggers", "simple_triggers", "simprop_triggers", "cron_triggers", "blob_triggers",
        "calendars", "paused_trigger_grps", "fired_triggers", "scheduler_state", "locks",
    ];

    /// <summary>The store every scheduler shares: PostgreSQL, JSON, clustered, its tables under <see cref="Schema"/>.</summary>
    public static void Configure(IPersistentStoreBuilder store, string connectionString)
    {
        store.UsePostgres(connectionString);
        store.UseSystemTextJsonSerializer();
        store.ConfigureStore(o => o.TablePrefix = TablePrefix);
    }

    internal static async Task<JobStoreSchema> ReadAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT count(*) FROM unnest(@tables) t WHERE to_regclass(t) IS NULL", connection);
        command.Parameters.AddWithValue("tables", Tables.Select(name => TablePrefix + name).ToArray());
        var missing = (long)(await command.ExecuteScalarAsync(ct))!;
        var all = Tables.Length;
        return missing == 0
            ? new JobStoreSchema(Library, Schema, SchemaMigrationState.Applied, $"has all {all} tables")
            : new JobStoreSchema(Library, Schema, SchemaMigrationState.Pending, missing == all ? "has not been created yet" : $"is missing {missing} of {all} tables");
    }

    /// <summary>Creates the schema and whatever tables it misses, through a Quartz scheduler that is built but never started.</summary>
    internal static async Task InstallAsync(NpgsqlConnection connection, string connectionString, CancellationToken ct)
    {
        // Looked up rather than CREATE SCHEMA IF NOT EXISTS, which needs the CREATE privilege on the database even when
        // the schema exists (as the metadata migrator does).
        await using (var exists = new NpgsqlCommand("SELECT EXISTS (SELECT FROM pg_namespace WHERE nspname = @name)", connection))
        {
            exists.Parameters.AddWithValue("name", Schema);
            if (!(bool)(await exists.ExecuteScalarAsync(ct))!)
            {
                await using var create = new NpgsqlCommand($"CREATE SCHEMA {Schema}", connection);
                await create.ExecuteNonQueryAsync(ct);
            }
        }

        var services = new ServiceCollection().AddLogging();
        services.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(o => o.InstanceName = "dataengineer-migrate");
            quartz.UsePersistentStore(store =>
            {
                Configure(store, connectionString);
                store.ProvisionSchema();
            });
        });
        await using var provider = services.BuildServiceProvider();
        var scheduler = await provider.GetRequiredService<ISchedulerFactory>().GetScheduler(ct);
        await scheduler.Shutdown(waitForJobsToComplete: false, ct);
    }
}
