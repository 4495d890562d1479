using System.Diagnostics;

namespace DataEngineer.Integration.Tests;

/// <summary>Runs one <c>dataengineer</c> command as a real process against a cluster and returns what it did.</summary>
public static class Cli
{
    public static Task<(int ExitCode, string Out, string Error)> RunAsync(EngineCluster cluster, params string[] args) =>
        RunAsync(cluster, new Dictionary<string, string>(), args);

    /// <summary>As <see cref="RunAsync(EngineCluster, string[])"/>, with extra environment variables on top of the cluster's.</summary>
    public static async Task<(int ExitCode, string Out, string Error)> RunAsync(EngineCluster cluster, IReadOnlyDictionary<string, string> extra, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "dataengineer.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in cluster.Environment.Concat(extra))
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(limit.Token);
        return (process.ExitCode, await output, await error);
    }
}
