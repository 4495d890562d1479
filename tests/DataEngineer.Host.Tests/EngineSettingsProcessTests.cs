using System.Diagnostics;
using Xunit;

namespace DataEngineer.Host.Tests;

/// <summary>
/// Unusable settings stop the real executable at start, before it reaches a database: from an environment variable,
/// from <c>appsettings.{Environment}.json</c> and from a key-per-file secret, with the key, the value and the fix, exit
/// code 2 and no stack trace.
/// </summary>
public sealed class EngineSettingsProcessTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);
    private readonly string _folder = Directory.CreateTempSubdirectory("dataengineer-settings-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Standalone_MalformedEnvironmentVariable_ExitsTwoWithTheMessage()
    {
        var result = await RunAsync(new() { ["DataEngineer__ZombieTimeoutSeconds"] = "soon" }, "standalone");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: DataEngineer:ZombieTimeoutSeconds is 'soon'; set a whole number of at least 5.", result.Error.Trim());
        Assert.False(result.HasStackTrace, result.Error);
    }

    [Fact]
    public async Task Scheduler_GarbageInTheEnvironmentsAppSettings_ExitsTwoWithTheMessage()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "appsettings.Staging.json"), """{ "DataEngineer": { "Health": { "Port": "http" }, "Cleanup": { "OlderThan": "forever" } } }""");

        var result = await RunAsync(new() { ["DOTNET_ENVIRONMENT"] = "Staging" }, "scheduler");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error: DataEngineer:Cleanup:OlderThan is 'forever'; set an age such as 90d, 12h, 30m or 2w", result.Error, StringComparison.Ordinal);
        Assert.Contains("error: DataEngineer:Health:Port is 'http'; set a port number from 1 to 65535", result.Error, StringComparison.Ordinal);
        Assert.False(result.HasStackTrace, result.Error);
    }

    [Fact]
    public async Task Worker_GarbageInAKeyPerFileSecret_ExitsTwoWithTheMessage()
    {
        var secrets = Directory.CreateDirectory(Path.Combine(_folder, "secrets")).FullName;
        await File.WriteAllTextAsync(Path.Combine(secrets, "DataEngineer__Pools__warehouse"), "lots");

        var result = await RunAsync(new() { ["DataEngineer__SettingsDirectory"] = secrets }, "worker");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: DataEngineer:Pools:warehouse is 'lots'; set a whole number of at least 0.", result.Error.Trim());
        Assert.False(result.HasStackTrace, result.Error);
    }

    private async Task<CliResult> RunAsync(Dictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = _folder };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "dataengineer.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Settings refused before any database is reached: none is configured, and none may be started.
        start.Environment.Remove("ConnectionStrings__Metadata");
        start.Environment["DataEngineer__PostgresBinDirectory"] = Path.Combine(_folder, "no-postgres");
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Bound);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"dataengineer {string.Join(' ', args)} did not exit within {Bound.TotalSeconds} s: {await output}");
        }

        return new CliResult(process.ExitCode, await output, await error);
    }
}
