using System.CommandLine;
using DataEngineer.Core.Execution;
using DataEngineer.Core.Operations;
using DataEngineer.Host.Hosting;
using DataEngineer.Host.Settings;

namespace DataEngineer.Host.Cli;

/// <summary><c>dags pause|unpause &lt;dag_id&gt;</c>: stops or resumes a DAG's scheduled runs, through <see cref="DagOperations"/> (audited as the CLI's OS user).</summary>
internal static class DagsPauseCommand
{
    public static Command Create(CliEnvironment env, bool pause)
    {
        var dagId = new Argument<string>("dag_id") { Description = pause ? "The DAG to pause." : "The DAG to unpause." };
        var command = new Command(pause ? "pause" : "unpause", pause
            ? "Pause a DAG: the scheduler creates no new runs for it and starts none of its queued runs."
            : "Unpause a DAG: with catchup off, only the latest complete interval is run.") { dagId };
        command.SetAction(async (result, ct) =>
        {
            var graph = DagSource.Load(env).Get(result.GetValue(dagId)!);
            await using var metadata = await MetadataConnection.OpenAsync(env.Configuration, ct);
            await metadata.Store.SyncDagAsync(DagRecords.Of(graph, DateTimeOffset.UtcNow), StartupSettings.Read<EngineOptions>(env.Configuration).DagsArePausedAtCreation, ct);
            await new DagOperations(metadata.Store, metadata.Store, metadata.Store, new StaticDagRegistry([graph]), TimeProvider.System).SetPausedAsync(Actor.Cli(), graph.DagId, pause, ct);
            await env.Out.WriteLineAsync($"{(pause ? "Paused" : "Unpaused")} {graph.DagId}.");
            return ExitCodes.Success;
        });
        return command;
    }
}
