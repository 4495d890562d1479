using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace DataEngineer.Bench.Infrastructure;

/// <summary>
/// This benchmark started again as a second process in the <c>worker-child</c> role: an engine worker on one
/// queue, against the same database. It stops when its standard input closes (so it also stops if we die) and
/// is killed if it does not stop in time.
/// </summary>
public sealed class ChildWorker : IAsyncDisposable
{
    public const string Verb = "worker-child";
    public const string ConnectionStringVariable = "DATAENGINEER_BENCH_CONNECTION";
    public const string ReadyLine = "ready";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;

    private ChildWorker(Process process) => _process = process;

    public static async Task<ChildWorker> StartAsync(string connectionString, string queue, int concurrency, CancellationToken ct)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("Cannot tell which executable this process runs.");
        var startInfo = new ProcessStartInfo(self)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        // Started as `dotnet DataEngineer.Bench.dll`, the process path is the dotnet host: pass the assembly too.
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            startInfo.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        foreach (var argument in new[] { Verb, "--queue", queue, "--concurrency", concurrency.ToString(CultureInfo.InvariantCulture) })
        {
            startInfo.ArgumentList.Add(argument);
        }

        // In the environment, not the arguments: the password must not show in `ps`.
        startInfo.Environment[ConnectionStringVariable] = connectionString;
        var process = Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start the child worker process.");
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine($"[child {process.Id}] {e.Data}");
            }
        };
        process.BeginErrorReadLine();

        var child = new ChildWorker(process);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(StartTimeout);
            string? line;
            while ((line = await process.StandardOutput.ReadLineAsync(timeout.Token)) != ReadyLine)
            {
                if (line is null)
                {
                    throw new InvalidOperationException($"The child worker exited before it was ready (exit code {await ExitCodeAsync(process)}).");
                }
            }
        }
        catch
        {
            await child.DisposeAsync();
            throw;
        }

        return child;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(StopTimeout);
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None);
            }
        }

        _process.Dispose();
    }

    private static async Task<int> ExitCodeAsync(Process process)
    {
        await process.WaitForExitAsync();
        return process.ExitCode;
    }
}
