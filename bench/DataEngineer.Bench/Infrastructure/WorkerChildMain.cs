using System.Globalization;
using DataEngineer.Bench.Dags;
using DataEngineer.Core.Execution;

namespace DataEngineer.Bench.Infrastructure;

/// <summary>The <c>worker-child</c> role: an engine worker (no scheduler) on one queue until standard input closes.</summary>
public static class WorkerChildMain
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var queue = Option(args, "--queue") ?? BenchDagSet.RemoteQueue;
        var concurrency = Option(args, "--concurrency") is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : BenchArguments.DefaultConcurrency;
        var connectionString = Environment.GetEnvironmentVariable(ChildWorker.ConnectionStringVariable);
        if (string.IsNullOrEmpty(connectionString))
        {
            await Console.Error.WriteLineAsync($"{ChildWorker.Verb} needs the connection string in {ChildWorker.ConnectionStringVariable}.");
            return 2;
        }

        // Captured before the engine puts its task output router in front of the console.
        var stdout = Console.Out;
        var worker = new WorkerOptions { Queues = new HashSet<string> { queue }, Concurrency = concurrency };
        await using var engine = await EngineProcess.StartAsync(connectionString, new BenchDagSet().Registry, worker, scheduler: false, CancellationToken.None);
        await stdout.WriteLineAsync(ChildWorker.ReadyLine);
        await stdout.FlushAsync();
        await Console.In.ReadToEndAsync();
        return 0;
    }

    private static string? Option(IReadOnlyList<string> args, string name)
    {
        var index = args.ToList().IndexOf(name);
        return index >= 0 && index + 1 < args.Count ? args[index + 1] : null;
    }
}
