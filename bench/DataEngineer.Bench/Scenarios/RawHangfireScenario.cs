using System.Diagnostics;
using DataEngineer.Execution.Hangfire;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DataEngineer.Bench.Scenarios;

/// <summary>
/// The baseline the engine must beat: N no-op jobs enqueued and run in this process through the engine's own
/// Hangfire storage options (<see cref="HangfireStorage.Create"/>) and a server with the engine's worker count.
/// </summary>
public static class RawHangfireScenario
{
    // A queue no engine worker serves, so only this server takes these jobs.
    private const string Queue = "bench_raw";
    private const int WarmupJobs = 20;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    public static async Task<RawHangfireResult> RunAsync(string connectionString, int workers, int jobs, CancellationToken ct)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true });
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<JobStorage>(_ => HangfireStorage.Create(connectionString));
        // The serializer settings of AddDataEngineerEngine.
        builder.Services.AddHangfire(config => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        builder.Services.AddHangfireServer(server =>
        {
            server.Queues = [Queue];
            server.WorkerCount = workers;
        });
        using var host = builder.Build();
        await host.StartAsync(ct);
        try
        {
            var client = host.Services.GetRequiredService<IBackgroundJobClient>();
            await RunBatchAsync(client, WarmupJobs, ct);
            var elapsed = Stopwatch.StartNew();
            var enqueue = await RunBatchAsync(client, jobs, ct);
            return new RawHangfireResult(jobs, workers, enqueue, elapsed.Elapsed);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    /// <returns>How long enqueueing took; completes when the last job has run.</returns>
    private static async Task<TimeSpan> RunBatchAsync(IBackgroundJobClient client, int jobs, CancellationToken ct)
    {
        RawHangfireJob.Expect(jobs);
        var elapsed = Stopwatch.StartNew();
        for (var i = 0; i < jobs; i++)
        {
            client.Enqueue(Queue, () => RawHangfireJob.Run());
        }

        var enqueue = elapsed.Elapsed;
        await RawHangfireJob.Done.WaitAsync(Timeout, ct);
        return enqueue;
    }
}
