using System.Diagnostics;
using System.Text.Json;
using Xunit;

namespace DataEngineer.Host.Tests;

/// <summary>
/// The process's one configuration root, read by the real executable: appsettings.json, appsettings.{Environment}.json,
/// environment variables, and a directory of key-per-file settings (secrets mounted as files), later sources winning.
/// </summary>
public sealed class ConfigurationRootTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dataengineer-config-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task ConfigList_ReadsTheEnvironmentsAppSettings_EnvironmentVariables_AndTheSettingsDirectory_LaterWinning()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "appsettings.json"),
            """{ "DataEngineer": { "ZombieTimeoutSeconds": 61, "LogFlushIntervalMs": 100, "XComMaxBytes": 1000 } }""");
        await File.WriteAllTextAsync(Path.Combine(_folder, "appsettings.Staging.json"),
            """{ "DataEngineer": { "ZombieTimeoutSeconds": 77, "LogFlushIntervalMs": 200 } }""");
        var secrets = Directory.CreateDirectory(Path.Combine(_folder, "secrets")).FullName;
        await File.WriteAllTextAsync(Path.Combine(secrets, "ConnectionStrings__Metadata"), "Host=db;Database=meta;Username=de;Password=file-S3cret");
        await File.WriteAllTextAsync(Path.Combine(secrets, "DataEngineer__XComMaxBytes"), "4096");

        var result = await RunAsync(new()
        {
            ["DOTNET_ENVIRONMENT"] = "Staging",
            ["DataEngineer__LogFlushIntervalMs"] = "300",
            ["DataEngineer__SettingsDirectory"] = secrets,
        }, "config", "list", "-o", "json");

        Assert.True(result.ExitCode == 0, result.Error);
        var shown = JsonDocument.Parse(result.Out).RootElement;
        Assert.Equal("77", shown.GetProperty("DataEngineer:ZombieTimeoutSeconds").GetString());
        Assert.Equal("300", shown.GetProperty("DataEngineer:LogFlushIntervalMs").GetString());
        Assert.Equal("4096", shown.GetProperty("DataEngineer:XComMaxBytes").GetString());
        Assert.Equal("Host=db;Database=meta;Username=de;Password=***", shown.GetProperty("ConnectionStrings:Metadata").GetString());
    }

    [Fact]
    public async Task SettingsDirectory_ThatIsNoDirectory_IsAUsageErrorNamingTheKey()
    {
        var result = await RunAsync(new() { ["DataEngineer__SettingsDirectory"] = Path.Combine(_folder, "missing") }, "config", "list");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("DataEngineer:SettingsDirectory is '", result.Error, StringComparison.Ordinal);
        Assert.Contains("which is not a directory", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    private async Task<CliResult> RunAsync(Dictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = _folder };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "dataengineer.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new CliResult(process.ExitCode, await output, await error);
    }
}
