using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DataEngineer.Bench.Infrastructure;

/// <summary>
/// The real <c>dataengineer</c> executable (copied beside the benchmark) started in standalone mode with the given
/// environment, on a free port; ready once <c>/health/ready</c> answers 200. Disposing stops it with SIGTERM (killed
/// if it does not stop within a minute).
/// </summary>
public sealed class StandaloneHost : IAsyncDisposable
{
    private static readonly TimeSpan ReadyLimit = TimeSpan.FromMinutes(6);
    private readonly Process _process;
    private readonly StringBuilder _errors = new();

    private StandaloneHost(Process process) => _process = process;

    public Process Process => _process;

    /// <summary>How long the process took from start to ready.</summary>
    public TimeSpan Ready { get; private set; }

    public static async Task<StandaloneHost> StartAsync(IReadOnlyDictionary<string, string> environment, CancellationToken ct)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "dataengineer.dll"), "standalone", "--port", port.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var clock = Stopwatch.StartNew();
        var host = new StandaloneHost(Process.Start(start) ?? throw new InvalidOperationException("Could not start the dataengineer host."));
        // Drained, never printed: standalone's output includes the web login it generates.
        host._process.OutputDataReceived += (_, _) => { };
        host._process.ErrorDataReceived += (_, e) =>
        {
            lock (host._errors)
            {
                host._errors.AppendLine(e.Data);
            }
        };
        host._process.BeginOutputReadLine();
        host._process.BeginErrorReadLine();
        try
        {
            await host.WaitUntilReadyAsync(port, clock, ct);
            host.Ready = clock.Elapsed;
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    private async Task WaitUntilReadyAsync(int port, Stopwatch clock, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (_process.HasExited || clock.Elapsed > ReadyLimit)
            {
                lock (_errors)
                {
                    throw new InvalidOperationException($"The standalone host was not ready within {ReadyLimit.TotalMinutes} min (exited: {_process.HasExited}). Its errors:{Environment.NewLine}{_errors}");
                }
            }

            try
            {
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/health/ready"), ct);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !ct.IsCancellationRequested))
            {
                // Not listening yet, or too busy starting to answer within the request timeout.
            }

            await Task.Delay(250, ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)])?.WaitForExit();
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await _process.WaitForExitAsync(stop.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
