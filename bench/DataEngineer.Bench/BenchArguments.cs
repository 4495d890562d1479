using System.Globalization;

namespace DataEngineer.Bench;

/// <summary>The command line: <c>[all|handoff|throughput|hangfire|crossprocess|profile|loading|quality|ui|memory|catchup|scaling|idle] [--out FILE.md] [--concurrency N]</c>.</summary>
public sealed record BenchArguments(BenchScenario Scenarios, string? OutFile, int Concurrency)
{
    public const string Usage = "usage: DataEngineer.Bench [all|handoff|throughput|hangfire|crossprocess|profile|loading|quality|ui|memory|catchup|scaling|idle] [--out FILE.md] [--concurrency N]";

    /// <summary>Worker slots per process (and Hangfire worker threads): 16 is the worker's default.</summary>
    public const int DefaultConcurrency = 16;

    /// <exception cref="ArgumentException">The arguments do not fit <see cref="Usage"/>.</exception>
    public static BenchArguments Parse(IReadOnlyList<string> args)
    {
        var scenarios = BenchScenario.All;
        string? outFile = null;
        var concurrency = DefaultConcurrency;
        var sawScenario = false;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--out" when i + 1 < args.Count:
                    outFile = args[++i];
                    break;
                case "--concurrency" when i + 1 < args.Count:
                    concurrency = int.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 256
                        ? n
                        : throw new ArgumentException($"--concurrency takes a whole number from 1 to 256, not '{args[i]}'.");
                    break;
                case var name when !sawScenario && !name.StartsWith('-'):
                    scenarios = name switch
                    {
                        "all" => BenchScenario.All,
                        "handoff" => BenchScenario.Handoff,
                        "throughput" => BenchScenario.Throughput,
                        "hangfire" => BenchScenario.Hangfire,
                        "crossprocess" => BenchScenario.CrossProcess,
                        "profile" => BenchScenario.Profile,
                        "loading" => BenchScenario.Loading,
                        "quality" => BenchScenario.Quality,
                        "ui" => BenchScenario.Ui,
                        "memory" => BenchScenario.Memory,
                        "catchup" => BenchScenario.Catchup,
                        "logs" => BenchScenario.Logs,
                        "scaling" => BenchScenario.Scaling,
                        "idle" => BenchScenario.Idle,
                        _ => throw new ArgumentException($"Unknown scenario '{name}'."),
                    };
                    sawScenario = true;
                    break;
                default:
                    throw new ArgumentException($"Unexpected argument '{args[i]}'.");
            }
        }

        return new BenchArguments(scenarios, outFile, concurrency);
    }
}
