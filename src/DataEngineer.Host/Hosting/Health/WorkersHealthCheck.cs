using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DataEngineer.Host.Hosting.Health;

/// <summary>Ready when at least one worker (a Hangfire server) heartbeated lately, in this process or another.</summary>
internal sealed class WorkersHealthCheck(JobStorage storage, TimeProvider time) : IHealthCheck
{
    private static readonly TimeSpan Recent = TimeSpan.FromMinutes(1);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var since = (time.GetUtcNow() - Recent).UtcDateTime;
            var workers = storage.GetMonitoringApi().Servers().Where(s => s.Heartbeat is { } beat && beat >= since).Select(s => s.Name).ToList();
            var data = new Dictionary<string, object> { ["workers"] = workers.Count, ["names"] = workers };
            return Task.FromResult(workers.Count > 0
                ? HealthCheckResult.Healthy($"{workers.Count} worker(s) seen within {Recent.TotalSeconds:0} s.", data)
                : HealthCheckResult.Unhealthy($"No worker seen within {Recent.TotalSeconds:0} s: start 'dataengineer worker' (or standalone).", data: data));
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"The workers cannot be listed: {e.Message}"));
        }
    }
}
