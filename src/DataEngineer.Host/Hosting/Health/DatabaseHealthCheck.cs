using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace DataEngineer.Host.Hosting.Health;

/// <summary>Ready when the metadata database answers a query.</summary>
internal sealed class DatabaseHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy("The metadata database answers.");
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            // Npgsql's messages name the host and port, never the password.
            return HealthCheckResult.Unhealthy($"The metadata database does not answer: {e.Message}");
        }
    }
}
