using DataEngineer.Bench.Dags;
using DataEngineer.Bench.Infrastructure;
using DataEngineer.Bench.Reporting;
using DataEngineer.Core.Execution;
using DataEngineer.Core.States;
using DataEngineer.Core.Validation;
using DataEngineer.Ui.Presentation;

namespace DataEngineer.Bench.Scenarios;

/// <summary>
/// DESIGN.md's "a log line written by a running task is visible on its try page within 2 s": an engine (scheduler + worker)
/// runs <see cref="LogLatencyDag"/>, whose task logs a line every 70 ms for about 4 s, while the scenario tails the try's
/// log as the try page does (reads from the count it has) every <see cref="PollInterval"/>. A line's latency is the time
/// it was first read minus its own timestamp (taken when the task logged it, same clock). The try page re-reads every
/// <see cref="UiOptions.RefreshInterval"/>, so what a browser shows is later by up to that much.
/// </summary>
public static class LogLatencyScenario
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    public static async Task<LogLatencyResult> RunAsync(ThrowawayPostgres postgres, int concurrency, CancellationToken ct)
    {
        var connection = await postgres.CreateMetadataDatabaseAsync("bench_logs", ct);
        var graph = DagValidator.Validate(new LogLatencyDag().Build());
        await using var engine = await EngineProcess.StartAsync(connection, new StaticDagRegistry([graph]), new WorkerOptions { Concurrency = concurrency }, scheduler: true, ct);
        var key = (await BenchRuns.TriggerAsync(engine.Store, [graph], ct))[0];
        var latencies = new List<TimeSpan>();
        var deadline = DateTimeOffset.UtcNow + Limit;
        for (var read = 0; DateTimeOffset.UtcNow < deadline; await Task.Delay(PollInterval, ct))
        {
            // The run's state before the lines: once it has ended, this read holds the try's last lines.
            var ended = (await engine.Store.GetRunAsync(key, ct))?.Run.State.IsFinished() == true;
            var lines = await engine.Store.GetLogAsync(key, "talk", 1, read, ct);
            var seen = DateTimeOffset.UtcNow;
            latencies.AddRange(lines.Where(l => l.Message.StartsWith("bench line ", StringComparison.Ordinal)).Select(l => seen - l.At));
            read += lines.Count;
            if (ended)
            {
                break;
            }
        }

        return new LogLatencyResult(Distribution.Of(latencies), latencies.Count, LogLatencyDag.Lines, new TaskRuntimeOptions().LogFlushInterval, PollInterval,
            new UiOptions().RefreshInterval);
    }
}
