using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using DataEngineer.Execution.Hosting;
using DataEngineer.Postgres.Metadata;
using DataEngineer.Testing;
using Npgsql;
using Xunit;

namespace DataEngineer.Host.Tests;

/// <summary>
/// Health endpoints with real processes: a scheduler or worker serves /health/live and /health/ready on
/// DataEngineer:Health:Port (its Kubernetes probes); the web host is ready when its database answers, whether or not
/// a scheduler or worker runs, and keeps the cluster state on /health/cluster.
/// </summary>
public sealed class HealthPortTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public async Task InitializeAsync()
    {
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        await SchemaMigrator.MigrateAsync(dataSource);
        await JobStoreSchemas.InstallAsync(database.ConnectionString);
    }

    public Task DisposeAsync()
    {
        _http.Dispose();
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("scheduler")]
    [InlineData("worker")]
    public async Task Role_WithAHealthPort_ServesLiveAndReady(string role)
    {
        var port = FreePort();
        var (process, output) = Start([role], new() { ["DataEngineer__Health__Port"] = port.ToString(CultureInfo.InvariantCulture) });
        try
        {
            var ready = await WaitForStatusAsync(process, output, $"http://127.0.0.1:{port}/health/ready", HttpStatusCode.OK);
            var live = await _http.GetAsync($"http://127.0.0.1:{port}/health/live");

            Assert.Equal("{\"status\":\"Healthy\"}", ready);
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            Assert.Contains($"Health: http://127.0.0.1:{port}/health/live", output.ToString(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"http://127.0.0.1:{port}/health/cluster")).StatusCode);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Web_WithNoSchedulerOrWorker_IsReady_ButTheClusterIsNot()
    {
        var port = FreePort();
        var (process, output) = Start(["webserver", "--port", port.ToString(CultureInfo.InvariantCulture)], []);
        try
        {
            await WaitForStatusAsync(process, output, $"http://127.0.0.1:{port}/health/ready", HttpStatusCode.OK);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await _http.GetAsync($"http://127.0.0.1:{port}/health/cluster")).StatusCode);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [Theory]
    [InlineData("DataEngineer:Health:Port", "http", "DataEngineer:Health:Port is 'http'; set a port number from 1 to 65535 (or leave it unset for no health port).")]
    [InlineData("DataEngineer:Health:Port", "70000", "DataEngineer:Health:Port is '70000'; set a port number from 1 to 65535")]
    [InlineData("DataEngineer:Health:ListenAddress", "everywhere", "DataEngineer:Health:ListenAddress is 'everywhere'; give an IP address")]
    public async Task Worker_GarbageHealthSetting_RefusesToStart_NamingTheKey(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:Metadata"] = database.ConnectionString, ["DataEngineer:Health:Port"] = "8081", [key] = value };

        var result = await CliHarness.RunAsync(settings, "worker");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.False(result.HasStackTrace, result.Error);
    }

    private (Process Process, StringBuilder Output) Start(string[] args, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "dataengineer.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ConnectionStrings__Metadata"] = database.ConnectionString;
        start.Environment["ConnectionStrings__Warehouse"] = database.ConnectionString;
        start.Environment["DataEngineer__DagsFolder"] = "";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, output);
    }

    private async Task<string> WaitForStatusAsync(Process process, StringBuilder output, string url, HttpStatusCode expected)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (true)
        {
            try
            {
                using var response = await _http.GetAsync(url);
                if (response.StatusCode == expected)
                {
                    return await response.Content.ReadAsStringAsync();
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                lock (output)
                {
                    throw new InvalidOperationException($"{url} never answered {expected}. The process printed:{Environment.NewLine}{output}");
                }
            }

            await Task.Delay(200);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
