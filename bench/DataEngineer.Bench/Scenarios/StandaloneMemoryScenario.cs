using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using DataEngineer.Bench.Infrastructure;

namespace DataEngineer.Bench.Scenarios;

/// <summary>
/// The real <c>dataengineer</c> executable in standalone mode (scheduler, worker and web in one process) on a folder of
/// 1,000 generated DAG files, against the benchmark's PostgreSQL: time until /health/ready answers 200, then, once the
/// process is idle (under 5% of one core for 5 s; the DAGs start paused, so nothing runs), its resident and private
/// memory from /proc. Done twice: a cold start that compiles every file, and a restart that loads them from the
/// compiled-unit cache, as a redeployed host does.
/// </summary>
public static class StandaloneMemoryScenario
{
    public const int Dags = 1_000;
    private const string Database = "bench_standalone";
    private static readonly TimeSpan ReadyLimit = TimeSpan.FromMinutes(6);
    private static readonly TimeSpan IdleWindow = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan IdleLimit = TimeSpan.FromMinutes(3);
    private const double IdleCpuShare = 0.05;

    public static async Task<StandaloneMemoryResult> RunAsync(ThrowawayPostgres postgres, CancellationToken ct)
    {
        var folder = Directory.CreateTempSubdirectory("dataengineer-bench-standalone-dags-").FullName;
        var cache = Directory.CreateTempSubdirectory("dataengineer-bench-standalone-cache-").FullName;
        try
        {
            for (var i = 0; i < Dags; i++)
            {
                await File.WriteAllTextAsync(Path.Combine(folder, $"dag_{i:0000}.cs"), DagLoadingScenario.Source(i, "standalone"), ct);
            }

            var connection = await postgres.CreateMetadataDatabaseAsync(Database, ct);
            var environment = new Dictionary<string, string>
            {
                ["ConnectionStrings__Metadata"] = connection,
                ["ConnectionStrings__Warehouse"] = connection,
                ["DataEngineer__DagsFolder"] = folder,
                ["DataEngineer__DagCacheFolder"] = cache,
                ["DataEngineer__DagAssemblies"] = "",
                ["Logging__LogLevel__Default"] = "Warning",
            };
            var (coldReady, coldIdle, _) = await MeasureAsync(environment, ct);
            var (warmReady, warmIdle, cpu) = await MeasureAsync(environment, ct);
            return new StandaloneMemoryResult { Dags = Dags, ColdReady = coldReady, ColdIdle = coldIdle, WarmReady = warmReady, WarmIdle = warmIdle, IdleCpuPercent = cpu };
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
            Directory.Delete(cache, recursive: true);
        }
    }

    private static async Task<(TimeSpan Ready, ProcessMemory Idle, double IdleCpuPercent)> MeasureAsync(Dictionary<string, string> environment, CancellationToken ct)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "dataengineer.dll"), "standalone", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the dataengineer host.");
        // Drained, never printed: standalone's output includes the web login it generates.
        process.OutputDataReceived += (_, _) => { };
        var errors = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                errors.AppendLine(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                if (process.HasExited || clock.Elapsed > ReadyLimit)
                {
                    lock (errors)
                    {
                        throw new InvalidOperationException($"The standalone host was not ready within {ReadyLimit.TotalMinutes} min (exited: {process.HasExited}). Its errors:{Environment.NewLine}{errors}");
                    }
                }

                try
                {
                    using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/health/ready"), ct);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        break;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }

                await Task.Delay(250, ct);
            }

            var ready = clock.Elapsed;
            var cpu = await WaitUntilIdleAsync(process, ct);
            return (ready, ProcessMemory.Read(process.Id), cpu * 100);
        }
        finally
        {
            if (!process.HasExited)
            {
                Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])?.WaitForExit();
                using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                try
                {
                    await process.WaitForExitAsync(stop.Token);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                }
            }
        }
    }

    // The share of one core the process used over the last window, once it is under the idle share.
    private static async Task<double> WaitUntilIdleAsync(Process process, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            process.Refresh();
            var before = process.TotalProcessorTime;
            await Task.Delay(IdleWindow, ct);
            process.Refresh();
            var share = (process.TotalProcessorTime - before) / IdleWindow;
            if (share < IdleCpuShare)
            {
                return share;
            }

            if (clock.Elapsed > IdleLimit)
            {
                throw new InvalidOperationException($"The standalone host never went idle: still {share:P0} of a core after {IdleLimit.TotalMinutes} min.");
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
