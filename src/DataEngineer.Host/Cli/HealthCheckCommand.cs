using System.CommandLine;
using System.Globalization;
using DataEngineer.Host.Hosting;
using DataEngineer.Postgres.Metadata;

namespace DataEngineer.Host.Cli;

/// <summary>
/// <c>health check --role scheduler|worker|web [--within SECONDS]</c>: exit 0 when a process with that role on this
/// machine (same host name, as in a container) recorded its heartbeat in the metadata database within the last
/// SECONDS, 1 when none did. A container health check for the roles that have no HTTP listener: it proves the
/// process is alive and reaches the database, which is what it needs to do any work.
/// </summary>
internal static class HealthCheckCommand
{
    private static readonly string[] Roles = ["scheduler", "worker", "web"];

    public static Command Create(CliEnvironment env)
    {
        var role = new Option<string>("--role") { Description = "The role to look for: scheduler, worker or web.", Required = true };
        var within = new Option<int>("--within") { Description = "Seconds since the last heartbeat that still count as alive (default 30; heartbeats come every 5 s).", DefaultValueFactory = _ => 30 };
        var host = new Option<string>("--host") { Description = "The host name the process runs on (default: this machine's, which in a container is the container's)." };
        var command = new Command("check", "Exit 0 if a process with the role on this host heartbeated recently, else 1 (for container health checks).") { role, within, host };
        command.SetAction(async (result, ct) =>
        {
            var wanted = result.GetValue(role)!.Trim().ToLowerInvariant();
            if (!Roles.Contains(wanted))
            {
                throw new CliError($"--role '{result.GetValue(role)}': give one of {string.Join(", ", Roles)}.");
            }

            var seconds = result.GetValue(within);
            if (seconds is < 5 or > 3600)
            {
                throw new CliError($"--within {seconds}: give a number of seconds between 5 and 3600 (heartbeats come every 5 s).");
            }

            var hostname = result.GetValue(host) is { Length: > 0 } given ? given : Environment.MachineName;
            // AsIs: a probe asks whether the process is alive, not whether this binary matches the schema, and does no DDL.
            await using var metadata = await MetadataConnection.OpenAsync(env.Configuration, SchemaAccess.AsIs, ct);
            if (!(await SchemaStatus.ReadAsync(metadata.DataSource, ct: ct)).Entries.Any(e => e.State != SchemaMigrationState.Pending))
            {
                await env.Error.WriteLineAsync("unhealthy: the metadata schema does not exist yet: run 'dataengineer db migrate'.");
                return ExitCodes.RunFailed;
            }

            var now = DateTimeOffset.UtcNow;
            var alive = (await metadata.Store.ListProcessesAsync(now.AddSeconds(-seconds), ct))
                .FirstOrDefault(p => p.Roles.Contains(wanted) && string.Equals(p.Hostname, hostname, StringComparison.OrdinalIgnoreCase));
            if (alive is null)
            {
                await env.Error.WriteLineAsync($"unhealthy: no {wanted} process on host '{hostname}' heartbeated in the last {seconds} s.");
                return ExitCodes.RunFailed;
            }

            var age = (now - alive.HeartbeatAt).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
            await env.Out.WriteLineAsync($"healthy: {wanted} {alive.ProcessId} heartbeated {age} s ago.");
            return ExitCodes.Success;
        });
        return command;
    }
}
