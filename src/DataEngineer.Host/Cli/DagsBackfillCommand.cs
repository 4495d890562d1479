using System.CommandLine;
using DataEngineer.Core.Execution;
using DataEngineer.Core.States;
using DataEngineer.Execution.Hangfire;
using DataEngineer.Host.Hosting;
using Spectre.Console;

namespace DataEngineer.Host.Cli;

/// <summary>
/// <c>dags backfill &lt;dag_id&gt; --from D --to D [--reprocess none|failed|all] [--max-active-runs N] [--dry-run]</c>:
/// hands the backfill to a worker, which creates and paces the runs, and follows it until every run
/// has finished. Ctrl+C stops following; the backfill goes on.
/// </summary>
internal static class DagsBackfillCommand
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);

    public static Command Create(CliEnvironment env)
    {
        var dagId = new Argument<string>("dag_id") { Description = "The DAG to backfill." };
        var from = new Option<string>("--from") { Description = "First logical date (YYYY-MM-DD or ISO 8601), inclusive.", Required = true };
        var to = new Option<string>("--to") { Description = "Last logical date, inclusive.", Required = true };
        var reprocess = new Option<string>("--reprocess") { Description = "Intervals that already have a finished run: none (skip), failed (re-run failed ones) or all.", DefaultValueFactory = _ => "none" };
        reprocess.AcceptOnlyFromAmong("none", "failed", "all");
        var maxActive = new Option<int?>("--max-active-runs") { Description = "Backfill runs unfinished at once (default: the DAG's MaxActiveRuns)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the intervals and do nothing." };
        var command = new Command("backfill", "Run a DAG for past intervals.") { dagId, from, to, reprocess, maxActive, dryRun };
        command.SetAction(async (result, ct) =>
        {
            var graph = DagSource.Load(env).Get(result.GetValue(dagId)!);
            var time = TimeProvider.System;
            var request = new BackfillRequest(
                graph.DagId,
                RunDate.Parse(result.GetValue(from), graph, time, "--from"),
                RunDate.Parse(result.GetValue(to), graph, time, "--to"),
                Enum.Parse<Reprocess>(result.GetValue(reprocess)!, ignoreCase: true),
                result.GetValue(maxActive) ?? graph.Options.MaxActiveRuns);
            var intervals = Backfill.Plan(graph, request);
            if (result.GetValue(dryRun))
            {
                foreach (var interval in intervals)
                {
                    await env.Out.WriteLineAsync(interval.ToString());
                }

                await env.Out.WriteLineAsync($"{intervals.Count} intervals; nothing was run (--dry-run).");
                return ExitCodes.Success;
            }

            await using var metadata = await MetadataConnection.OpenAsync(env.Configuration, ct);
            await HangfireStorage.ClientDispatcher(metadata.ConnectionString).DispatchAsync(request, ct);
            await env.Out.WriteLineAsync($"Backfill of {graph.DagId} queued: {intervals.Count} intervals, at most {request.MaxActiveRuns} runs at once. A worker creates the runs.");
            var dates = intervals.Select(i => i.Start).ToHashSet();
            try
            {
                var (done, failed) = await FollowAsync(env, metadata, graph.DagId, dates, ct);
                await env.Out.WriteLineAsync($"Backfill finished: {done - failed} of {dates.Count} runs succeeded, {failed} failed.");
                return failed == 0 ? ExitCodes.Success : ExitCodes.RunFailed;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                await env.Out.WriteLineAsync($"Stopped following; the backfill goes on on the workers. Follow it with: dataengineer runs list {graph.DagId}");
                return ExitCodes.Success;
            }
        });
        return command;
    }

    private static async Task<(int Done, int Failed)> FollowAsync(CliEnvironment env, MetadataConnection metadata, string dagId, HashSet<DateTimeOffset> dates, CancellationToken ct)
    {
        async Task<(int Done, int Failed)> CountAsync()
        {
            var runs = (await metadata.Store.ListRunsAsync(dagId, null, int.MaxValue, ct)).Where(r => dates.Contains(r.LogicalDate)).ToList();
            return (runs.Count(r => r.State.IsFinished()), runs.Count(r => r.State == DagRunState.Failed));
        }

        if (!env.Interactive)
        {
            var last = -1;
            while (true)
            {
                var (done, failed) = await CountAsync();
                if (done != last)
                {
                    await env.Out.WriteLineAsync($"{done}/{dates.Count} runs finished ({failed} failed)");
                    last = done;
                }

                if (done == dates.Count)
                {
                    return (done, failed);
                }

                await Task.Delay(Poll, ct);
            }
        }

        var counts = (0, 0);
        await CliConsole.For(env).Progress().StartAsync(async progress =>
        {
            var bar = progress.AddTask($"backfill {Markup.Escape(dagId)}", maxValue: dates.Count);
            while (true)
            {
                counts = await CountAsync();
                bar.Value = counts.Item1;
                if (counts.Item1 == dates.Count)
                {
                    return;
                }

                await Task.Delay(Poll, ct);
            }
        });
        return counts;
    }
}
