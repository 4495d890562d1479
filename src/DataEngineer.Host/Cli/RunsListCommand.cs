using System.CommandLine;
using System.Text.Json;
using DataEngineer.Core.States;
using DataEngineer.Host.Hosting;
using Spectre.Console;

namespace DataEngineer.Host.Cli;

/// <summary><c>runs list &lt;dag_id&gt; [--state S] [--limit N] [-o table|json]</c>: a DAG's runs, newest first.</summary>
internal static class RunsListCommand
{
    public static Command Create(CliEnvironment env)
    {
        var dagId = new Argument<string>("dag_id") { Description = "The DAG." };
        var state = new Option<string?>("--state") { Description = "Only runs in this state: queued, running, success or failed." };
        state.AcceptOnlyFromAmong([.. Enum.GetValues<DagRunState>().Select(StateNames.Of)]);
        var limit = new Option<int>("--limit") { Description = "At most this many runs (default 50).", DefaultValueFactory = _ => 50 };
        var command = new Command("list", "List a DAG's runs, newest logical date first.") { dagId, state, limit };
        var output = OutputOption.AddTo(command, jsonAlias: true);
        command.SetAction(async (result, ct) =>
        {
            var id = result.GetValue(dagId)!;
            var max = result.GetValue(limit);
            if (max is < 1 or > 10_000)
            {
                throw new CliError($"--limit {max}: give a number between 1 and 10000.");
            }

            await using var metadata = await MetadataConnection.OpenAsync(env.Configuration, ct);
            var catalog = DagSource.Load(env);
            if (!catalog.Dags.ContainsKey(id) && await metadata.Store.GetDagAsync(id, ct) is null)
            {
                catalog.Get(id);
            }

            var filter = result.GetValue(state) is { } s ? StateNames.ParseRunState(s) : (DagRunState?)null;
            var runs = await metadata.Store.ListRunsAsync(id, filter, max, ct);
            if (output.IsJson(result))
            {
                await env.Out.WriteLineAsync(JsonSerializer.Serialize(runs.Select(r => new
                {
                    dag_id = r.DagId,
                    run_id = r.RunId,
                    run_type = StateNames.Of(r.Type),
                    state = StateNames.Of(r.State),
                    logical_date = r.LogicalDate.ToString("yyyy-MM-ddTHH:mm:ssZ"),
                    data_interval_start = r.DataInterval.Start.ToString("yyyy-MM-ddTHH:mm:ssZ"),
                    data_interval_end = r.DataInterval.End.ToString("yyyy-MM-ddTHH:mm:ssZ"),
                    started_at = r.StartedAt?.ToString("O"),
                    ended_at = r.EndedAt?.ToString("O"),
                    dag_version = r.DagVersion,
                }), CliJson.Options));
                return ExitCodes.Success;
            }

            var table = new Table().AddColumns("run_id", "type", "state", "data interval", "started", "ended");
            foreach (var r in runs)
            {
                table.AddRow(Markup.Escape(r.RunId), StateNames.Of(r.Type), StateNames.Of(r.State), Markup.Escape(r.DataInterval.ToString()),
                    $"{r.StartedAt:yyyy-MM-dd HH:mm:ss}", $"{r.EndedAt:yyyy-MM-dd HH:mm:ss}");
            }

            CliConsole.For(env).Write(table);
            return ExitCodes.Success;
        });
        return command;
    }
}
