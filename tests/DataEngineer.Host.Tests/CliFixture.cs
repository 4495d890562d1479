using System.Diagnostics;
using DataEngineer.Testing;

namespace DataEngineer.Host.Tests;

/// <summary>A fresh warehouse database for one test class, and the settings that point the CLI at it.</summary>
public sealed class CliFixture : IDisposable
{
    private readonly PostgresDatabaseFixture _warehouse = new();

    public CliFixture() => _warehouse.InitializeAsync().GetAwaiter().GetResult();

    public string WarehouseConnectionString => _warehouse.ConnectionString;

    /// <summary>A compiled-DAG cache of this fixture's own, so executable tests start from a cold cache.</summary>
    public string DagCacheFolder { get; } = Directory.CreateTempSubdirectory("dataengineer-dag-cache-").FullName;

    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ConnectionStrings:Warehouse"] = _warehouse.ConnectionString,
    };

    public Task<CliResult> RunAsync(params string[] args) => CliHarness.RunAsync(Settings, args);

    /// <summary>
    /// Runs the built executable as a user does (real process, exit code and streams) on <paramref name="dagsFolder"/>,
    /// with this fixture's warehouse and DAG cache.
    /// </summary>
    public async Task<CliResult> RunExecutableAsync(string dagsFolder, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "dataengineer.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ConnectionStrings__Warehouse"] = WarehouseConnectionString;
        start.Environment["DataEngineer__DagsFolder"] = dagsFolder;
        start.Environment["DataEngineer__DagCacheFolder"] = DagCacheFolder;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        // A bound, not a timing: a fresh process compiles the folder cold, which takes minutes on a loaded machine.
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(limit.Token);
        return new CliResult(process.ExitCode, await output, await error);
    }

    public void Dispose()
    {
        _warehouse.DisposeAsync().GetAwaiter().GetResult();
        Directory.Delete(DagCacheFolder, recursive: true);
    }
}
