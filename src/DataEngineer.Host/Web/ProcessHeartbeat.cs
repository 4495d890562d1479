using DataEngineer.Core.Storage;
using DataEngineer.Host.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DataEngineer.Host.Web;

/// <summary>Records this process (its roles and queues) in the metadata database every few seconds, for the health page.</summary>
internal sealed class ProcessHeartbeat(IProcessRegistry registry, EngineProcessRecord process, TimeProvider time, ILogger<ProcessHeartbeat> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    public static void Add(IServiceCollection services, IProcessRegistry registry, EngineHostOptions options)
    {
        var now = DateTimeOffset.UtcNow;
        services.AddSingleton(new EngineProcessRecord
        {
            ProcessId = $"{Environment.MachineName}:{Environment.ProcessId}:{now.ToUnixTimeMilliseconds()}",
            Hostname = Environment.MachineName,
            Roles = Enum.GetValues<EngineRoles>().Where(r => r != EngineRoles.Standalone && options.Roles.HasFlag(r)).Select(r => r.ToString().ToLowerInvariant()).ToList(),
            Queues = options.Roles.HasFlag(EngineRoles.Worker) ? options.Worker.Queues.Order(StringComparer.Ordinal).ToList() : [],
            Concurrency = options.Roles.HasFlag(EngineRoles.Worker) ? options.Worker.Concurrency : 0,
            StartedAt = now,
            HeartbeatAt = now,
        });
        services.AddSingleton(registry);
        services.AddHostedService<ProcessHeartbeat>();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await registry.HeartbeatProcessAsync(process with { HeartbeatAt = time.GetUtcNow() }, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Could not record this process's heartbeat: {Error}", e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
