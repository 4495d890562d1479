using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using DataEngineer.Testing;
using Xunit;

namespace DataEngineer.Host.Tests;

/// <summary>
/// A running standalone's managed PostgreSQL shared with a `dags test` on the same data directory: the test attaches,
/// runs and leaves without stopping the server; the standalone keeps working and, once alone, stops it when it stops.
/// </summary>
public sealed class ManagedClusterSharingTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(240);
    private readonly PostgresScratchDirectory _scratch = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public void Dispose()
    {
        _http.Dispose();
        _scratch.Dispose();
    }

    [Fact]
    public async Task DagsTest_AgainstARunningStandalonesManagedCluster_BothKeepWorking_AndTheStandaloneStopsItLast()
    {
        var port = FreePort();
        var (standalone, output) = StartStandalone(port);
        var pidFile = Path.Combine(_scratch.DataDirectory, "postmaster.pid");
        try
        {
            await WaitForAsync(standalone, output, () => Task.FromResult(Text(output).Contains("is running", StringComparison.Ordinal)), "the standalone to start");

            var test = await CliHarness.RunAsync(new Dictionary<string, string?> { ["DataEngineer:PostgresDataDirectory"] = _scratch.DataDirectory },
                "dags", "test", "orders_etl", "--date", "2024-01-01", "--json");

            Assert.True(test.ExitCode == 0, test.Error);
            using (var run = JsonDocument.Parse(test.Out))
            {
                Assert.Equal("success", run.RootElement.GetProperty("state").GetString());
            }

            // The server the standalone started is still there, and the standalone still reaches its database.
            Assert.True(File.Exists(pidFile), "dags test stopped the standalone's PostgreSQL");
            using var ready = await _http.GetAsync($"http://127.0.0.1:{port}/health/ready");
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.False(standalone.HasExited, Text(output));

            // Alone again, the standalone stops the server when it stops.
            using (var term = Process.Start("kill", ["-TERM", standalone.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            using var exited = new CancellationTokenSource(Bound);
            await standalone.WaitForExitAsync(exited.Token);
            Assert.False(File.Exists(pidFile), $"The standalone left PostgreSQL running after it stopped alone.{Environment.NewLine}{Text(output)}");
        }
        finally
        {
            if (!standalone.HasExited)
            {
                standalone.Kill(entireProcessTree: true);
                await standalone.WaitForExitAsync();
            }

            await StopLeftoverServerAsync(pidFile);
        }
    }

    private (Process Process, StringBuilder Output) StartStandalone(int port)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "dataengineer.dll"));
        start.ArgumentList.Add("standalone");
        start.ArgumentList.Add("--port");
        start.ArgumentList.Add(port.ToString(CultureInfo.InvariantCulture));
        start.Environment["ConnectionStrings__Metadata"] = "";
        start.Environment["ConnectionStrings__Warehouse"] = "";
        start.Environment["DataEngineer__PostgresDataDirectory"] = _scratch.DataDirectory;
        start.Environment["DataEngineer__DagsFolder"] = "";
        start.Environment["DataEngineer__DagAssemblies"] = typeof(Dags.OrdersEtl.OrdersEtlDag).Assembly.Location;
        var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, output);
    }

    private static async Task WaitForAsync(Process process, StringBuilder output, Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (!await condition())
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"Timed out waiting for {what}. The process printed:{Environment.NewLine}{Text(output)}");
            }

            await Task.Delay(200);
        }
    }

    // Only when the test failed: a server nobody stopped would outlive the test.
    private async Task StopLeftoverServerAsync(string pidFile)
    {
        if (!File.Exists(pidFile))
        {
            return;
        }

        var pgCtl = Path.Combine(Directory.GetDirectories("/usr/lib/postgresql").Max()!, "bin", "pg_ctl");
        var root = Environment.UserName == "root";
        var start = new ProcessStartInfo(root ? "runuser" : pgCtl) { UseShellExecute = false };
        foreach (var arg in (root ? ["-u", "postgres", "--", pgCtl] : Array.Empty<string>()).Concat(["stop", "-D", _scratch.DataDirectory, "-m", "immediate", "-w"]))
        {
            start.ArgumentList.Add(arg);
        }

        using var stop = Process.Start(start)!;
        await stop.WaitForExitAsync();
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
