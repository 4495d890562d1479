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

    [Fact]
    public async Task Webserver_UserWithoutHashAndShortApiKey_ExitsTwoNamingEachKey()
    {
        var result = await RunAsync(new()
        {
            ["DataEngineer__Web__Users__olga__Role"] = "root",
            ["DataEngineer__Web__ApiKeys__ci__Key"] = "short",
            ["DataEngineer__Web__ApiKeys__ci__Role"] = "viewer",
        }, "webserver");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error: DataEngineer:Web:Users:olga has no PasswordHash. Make one with: dataengineer users hash-password", result.Error, StringComparison.Ordinal);
        Assert.Contains("error: DataEngineer:Web:Users:olga:Role: the role 'root' is not one of viewer, operator, admin.", result.Error, StringComparison.Ordinal);
        Assert.Contains("error: DataEngineer:Web:ApiKeys:ci:Key must be at least 24 characters", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("'short'", result.Error, StringComparison.Ordinal);
        Assert.False(result.HasStackTrace, result.Error);
    }

    [Fact]
    public async Task Standalone_OidcAuthorityNotAUrl_InTheEnvironmentsAppSettings_ExitsTwoWithTheMessage()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "appsettings.Staging.json"),
            """{ "DataEngineer": { "Web": { "Oidc": { "Authority": "login.example.com", "ClientId": "de", "DefaultRole": "viewer" } } } }""");

        var result = await RunAsync(new() { ["DOTNET_ENVIRONMENT"] = "Staging" }, "standalone");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: DataEngineer:Web:Oidc:Authority is 'login.example.com', not an absolute http(s) URL: set the provider's issuer URL, e.g. https://login.example.com/realms/data.",
            result.Error.Trim());
        Assert.False(result.HasStackTrace, result.Error);
    }

    [Fact]
    public async Task Worker_AlertChannelOfUnknownKind_InAKeyPerFileSecret_ExitsTwoWithTheMessage()
    {
        var secrets = Directory.CreateDirectory(Path.Combine(_folder, "secrets")).FullName;
        await File.WriteAllTextAsync(Path.Combine(secrets, "DataEngineer__Alerts__Channels__oncall__Type"), "pager");

        var result = await RunAsync(new() { ["DataEngineer__SettingsDirectory"] = secrets }, "worker");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: DataEngineer:Alerts:Channels:oncall:Type is 'pager'; set email or webhook.", result.Error.Trim());
        Assert.False(result.HasStackTrace, result.Error);
    }

    [Fact]
    public async Task Webserver_OnEveryInterfaceWithoutAllowedHosts_ExitsTwoBeforeTheDatabase()
    {
        var result = await RunAsync(new() { ["DataEngineer__Web__ListenAddress"] = "0.0.0.0" }, "webserver");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: DataEngineer:Web:AllowedHosts is not set but the web host listens on 0.0.0.0: set the host names users reach it by", result.Error.Trim(), StringComparison.Ordinal);
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
