using System.CommandLine;
using DataEngineer.Core.Execution;
using DataEngineer.Core.Operations;
using DataEngineer.Host.Hosting;
using DataEngineer.Host.Settings;

namespace DataEngineer.Host.Cli;

/// <summary><c>dags trigger &lt;dag_id&gt; [--conf JSON] [--date D]</c>: queues a manual run for the scheduler to start, through <see cref="DagOperations"/> (audited as the CLI's OS user).</summary>
internal static class DagsTriggerCommand
{
    public static Command Create(CliEnvironment env)
    {
        var dagId = new Argument<string>("dag_id") { Description = "The DAG to run." };
        var conf = new Option<string?>("--conf") { Description = "Run conf, a JSON object bound to the DAG's params." };
        var date = new Option<string?>("--date") { Description = "Logical date (YYYY-MM-DD or ISO 8601): the run covers the first scheduled interval starting at or after it. Default: now, with an empty interval." };
        var command = new Command("trigger", "Queue a manual run of a DAG.") { dagId, conf, date };
        command.SetAction(async (result, ct) =>
        {
            var graph = DagSource.Load(env).Get(result.GetValue(dagId)!);
            var at = result.GetValue(date) is { } text ? RunDate.Parse(text, graph, TimeProvider.System) : (DateTimeOffset?)null;
            DagsTestCommand.ParseConf(result.GetValue(conf), graph.Definition.ParamsType);
            await using var metadata = await MetadataConnection.OpenAsync(env.Configuration, ct);
            await metadata.Store.SyncDagAsync(DagRecords.Of(graph, DateTimeOffset.UtcNow), StartupSettings.Read<EngineOptions>(env.Configuration).DagsArePausedAtCreation, ct);
            if ((await metadata.Store.GetDagAsync(graph.DagId, ct))!.IsPaused)
            {
                throw new CliError($"DAG '{graph.DagId}' is paused, so its run would never start. Unpause it first: dataengineer dags unpause {graph.DagId}");
            }

            try
            {
                var run = await new DagOperations(metadata.Store, metadata.Store, metadata.Store, new StaticDagRegistry([graph]), TimeProvider.System).TriggerAsync(Actor.Cli(), graph.DagId, result.GetValue(conf), at, ct);
                await env.Out.WriteLineAsync($"Queued run {run.RunId} of {graph.DagId} for {run.DataInterval}.");
                return ExitCodes.Success;
            }
            catch (OperationException e) when (e.StatusCode == 409)
            {
                throw new CliError($"{e.Message} With the CLI: dataengineer tasks clear {graph.DagId} --run <run_id>");
            }
        });
        return command;
    }
}
