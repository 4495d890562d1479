using System.CommandLine;
using DataEngineer.Core.Execution;
using DataEngineer.Core.Operations;
using DataEngineer.Core.Storage;
using DataEngineer.Core.States;
using DataEngineer.Execution.Hangfire;
using DataEngineer.Host.Hosting;
using Spectre.Console;

namespace DataEngineer.Host.Cli;

/// <summary>
/// <c>dags backfill &lt;dag_id&gt; --from D --to D [--reprocess none|failed|all] [--max-active-runs N] [--dry-run]</c>:
/// stores the backfill (audited as the CLI's OS user) and hands it to a worker, which creates and paces the runs, and
/// follows it until it is done or cancelled and every run of it has finished. Ctrl+C stops following; the backfill goes
/// on (<c>backfill pause|cancel</c> stops it).
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
            var operations = new BackfillOperations(metadata.Store, metadata.Store, metadata.Store, metadata.Store, new StaticDagRegistry([graph]), time, HangfireStorage.ClientDispatcher(metadata.ConnectionString));
            var backfill = await operations.CreateAsync(Actor.Cli(), request, ct);
            await env.Out.WriteLineAsync($"Backfill {backfill.Id} of {graph.DagId} queued: {intervals.Count} intervals, at most {request.MaxActiveRuns} runs at once. A worker creates the runs.");
            await env.Out.WriteLineAsync($"Pause or cancel it with: dataengineer backfill pause|cancel {backfill.Id}");
            try
            {
                var end = await FollowAsync(env, metadata, backfill, ct);
                if (end.State == BackfillState.Cancelled)
                {
                    await env.Out.WriteLineAsync($"Backfill {end.Id} was cancelled: {end.Progress.Succeeded} of its {end.Progress.Runs} runs succeeded, {end.Progress.Failed} failed.");
                    return ExitCodes.RunFailed;
                }

                await env.Out.WriteLineAsync($"Backfill finished: {end.Progress.Succeeded} of {end.Progress.Runs} runs succeeded, {end.Progress.Failed} failed.");
                return end.Progress.Failed == 0 ? ExitCodes.Success : ExitCodes.RunFailed;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                await env.Out.WriteLineAsync($"Stopped following; the backfill goes on on the workers. Follow it with: dataengineer backfill list {graph.DagId}");
                return ExitCodes.Success;
            }
        });
        return command;
    }

    // Until the backfill has ended (done, or cancelled) and none of its runs is unfinished; a paused one is waited for.
    private static async Task<BackfillRecord> FollowAsync(CliEnvironment env, MetadataConnection metadata, BackfillRecord backfill, CancellationToken ct)
    {
        async Task<BackfillRecord> ReadAsync() => await metadata.Store.GetBackfillAsync(backfill.Id, ct) ?? backfill;
        static bool Ended(BackfillRecord b) => b.State.IsFinished() && b.Progress.Unfinished == 0;

        if (!env.Interactive)
        {
            var last = "";
            while (true)
            {
                var now = await ReadAsync();
                var line = $"{now.Progress.Runs - now.Progress.Unfinished}/{now.Intervals} runs finished ({now.Progress.Failed} failed), backfill {StateNames.Of(now.State)}";
                if (line != last)
                {
                    await env.Out.WriteLineAsync(line);
                    last = line;
                }

                if (Ended(now))
                {
                    return now;
                }

                await Task.Delay(Poll, ct);
            }
        }

        var current = backfill;
        await CliConsole.For(env).Progress().StartAsync(async progress =>
        {
            var bar = progress.AddTask($"backfill {backfill.Id} of {Markup.Escape(backfill.DagId)}", maxValue: backfill.Intervals);
            while (true)
            {
                current = await ReadAsync();
                bar.Value = current.Progress.Runs - current.Progress.Unfinished;
                if (Ended(current))
                {
                    return;
                }

                await Task.Delay(Poll, ct);
            }
        });
        return current;
    }
}
