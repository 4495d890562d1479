using System.CommandLine;
using System.Text.Json;
using DataEngineer.Core.Execution;
using DataEngineer.Core.Operations;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Execution.Hangfire;
using DataEngineer.Host.Hosting;
using Spectre.Console;

namespace DataEngineer.Host.Cli;

/// <summary>
/// <c>backfill list [dag_id] | pause &lt;id&gt; | resume &lt;id&gt; | cancel &lt;id&gt; [--running-runs finish|cancel]</c>: the
/// backfills <c>dags backfill</c> started, and the actions on them, through <see cref="BackfillOperations"/> (audited as
/// the CLI's OS user).
/// </summary>
internal static class BackfillCommands
{
    public static Command Create(CliEnvironment env) => new("backfill", "List backfills; pause, resume or cancel one. Start one with: dags backfill")
    {
        List(env),
        Action(env, "pause", "Pause a running backfill: it creates no new run until resumed; runs it created go on.",
            (operations, id, _, ct) => operations.PauseAsync(Actor.Cli(), id, ct)),
        Action(env, "resume", "Resume a paused backfill: a worker creates its runs again, from where it stopped.",
            (operations, id, _, ct) => operations.ResumeAsync(Actor.Cli(), id, ct), dispatches: true),
        Cancel(env),
    };

    private static Command List(CliEnvironment env)
    {
        var dagId = new Argument<string?>("dag_id") { Description = "Only this DAG's backfills (default: every DAG's).", Arity = ArgumentArity.ZeroOrOne };
        var limit = new Option<int>("--limit") { Description = "At most this many backfills, newest first (default 50).", DefaultValueFactory = _ => 50 };
        var command = new Command("list", "List backfills, newest first, with their state and runs.") { dagId, limit };
        var output = OutputOption.AddTo(command);
        command.SetAction(async (result, ct) =>
        {
            var max = result.GetValue(limit);
            if (max is < 1 or > 10_000)
            {
                throw new CliError($"--limit {max}: give a number between 1 and 10000.");
            }

            await using var metadata = await MetadataConnection.OpenAsync(env.Configuration, ct);
            var backfills = await metadata.Store.ListBackfillsAsync(result.GetValue(dagId), max, ct);
            if (output.IsJson(result))
            {
                await env.Out.WriteLineAsync(JsonSerializer.Serialize(backfills.Select(b => new
                {
                    id = b.Id,
                    dag_id = b.DagId,
                    from_date = b.From.ToString("O"),
                    to_date = b.To.ToString("O"),
                    state = StateNames.Of(b.State),
                    max_active_runs = b.MaxActiveRuns,
                    intervals = b.Intervals,
                    runs = b.Progress.Runs,
                    unfinished_runs = b.Progress.Unfinished,
                    succeeded_runs = b.Progress.Succeeded,
                    failed_runs = b.Progress.Failed,
                    created_by = b.CreatedBy,
                    created_at = b.CreatedAt.ToString("O"),
                }), CliJson.Options));
                return ExitCodes.Success;
            }

            if (backfills.Count == 0)
            {
                await env.Out.WriteLineAsync("No backfills. Start one with: dataengineer dags backfill <dag_id> --from D --to D");
                return ExitCodes.Success;
            }

            var table = new Table().AddColumns("id", "dag_id", "from", "to", "state", "runs", "max active", "created by", "created at");
            foreach (var b in backfills)
            {
                table.AddRow($"{b.Id}", Markup.Escape(b.DagId), $"{b.From:yyyy-MM-ddTHH:mm:ssZ}", $"{b.To:yyyy-MM-ddTHH:mm:ssZ}", StateNames.Of(b.State), Progress(b),
                    $"{b.MaxActiveRuns}", Markup.Escape(b.CreatedBy), $"{b.CreatedAt.ToUniversalTime():yyyy-MM-dd HH:mm:ss}");
            }

            CliConsole.For(env).Write(table);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Cancel(CliEnvironment env)
    {
        var runningRuns = new Option<string>("--running-runs")
        {
            Description = "What happens to its running runs: finish (they go on to their end; the default) or cancel. Queued runs are cancelled either way.",
            DefaultValueFactory = _ => "finish",
        };
        return Action(env, "cancel", "Cancel a backfill for good: no new runs, its queued runs are cancelled, running runs finish or are cancelled (--running-runs).",
            async (operations, id, result, ct) =>
            {
                var done = await operations.CancelAsync(Actor.Cli(), id, BackfillOperations.ParseCancelMode(result.GetValue(runningRuns), "--running-runs"), ct);
                foreach (var run in done.CancelledRuns)
                {
                    await env.Out.WriteLineAsync($"  cancelled run {run.RunId}");
                }

                return done.Backfill;
            }, dispatches: false, runningRuns);
    }

    private static Command Action(CliEnvironment env, string name, string description, Func<BackfillOperations, long, ParseResult, CancellationToken, Task<BackfillRecord>> act,
        bool dispatches = false, params Option[] options)
    {
        var id = new Argument<string>("backfill_id") { Description = "The backfill (backfill list shows the ids)." };
        var command = new Command(name, description) { id };
        foreach (var option in options)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (result, ct) =>
        {
            var backfillId = BackfillOperations.ParseId(result.GetValue(id));
            await using var metadata = await MetadataConnection.OpenAsync(env.Configuration, ct);
            var dispatcher = dispatches ? HangfireStorage.ClientDispatcher(metadata.ConnectionString) : null;
            var operations = new BackfillOperations(metadata.Store, metadata.Store, metadata.Store, metadata.Store, new StaticDagRegistry(DagSource.Load(env)), TimeProvider.System, dispatcher);
            var backfill = await act(operations, backfillId, result, ct);
            await env.Out.WriteLineAsync($"Backfill {backfill.Id} of {backfill.DagId} is {StateNames.Of(backfill.State)}: {Progress(backfill)}.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Progress(BackfillRecord b) =>
        $"{b.Progress.Succeeded} succeeded, {b.Progress.Failed} failed, {b.Progress.Unfinished} unfinished of {b.Intervals} intervals";
}
