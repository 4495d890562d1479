using DataEngineer.Execution.Quartz;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace DataEngineer.Host.Hosting.Health;

/// <summary>
/// Ready when some scheduler, in this process or another, checked in to the Quartz cluster lately
/// (schedulers check in every 5 s; Quartz stores the time in .NET ticks).
/// </summary>
internal sealed class SchedulerHealthCheck(NpgsqlDataSource dataSource, TimeProvider time) : IHealthCheck
{
    private static readonly TimeSpan Recent = TimeSpan.FromSeconds(30);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = dataSource.CreateCommand(
                $"SELECT count(*) FROM {QuartzSchema.Schema}.qrtz_scheduler_state WHERE last_checkin_time > @since");
            command.Parameters.AddWithValue("since", (time.GetUtcNow() - Recent).UtcTicks);
            var running = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            var data = new Dictionary<string, object> { ["schedulers"] = running };
            return running > 0
                ? HealthCheckResult.Healthy($"{running} scheduler(s) checked in within {Recent.TotalSeconds:0} s.", data)
                : HealthCheckResult.Unhealthy($"No scheduler checked in within {Recent.TotalSeconds:0} s: start 'dataengineer scheduler' (or standalone).", data: data);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName)
        {
            return HealthCheckResult.Unhealthy("No scheduler has ever run against this database: start 'dataengineer scheduler' (or standalone).");
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"The scheduler state cannot be read: {e.Message}");
        }
    }
}
