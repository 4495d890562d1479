using System.CommandLine;
using DataEngineer.Core.Execution;
using DataEngineer.Core.Operations;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Host.Hosting;

namespace DataEngineer.Host.Cli;

/// <summary>
/// What the run-action verbs share: the run to act on, <c>--dry-run</c>, the <see cref="RunOperations"/> that authorise,
/// decide and audit (as the CLI's OS user), and the printed list of task instances changed or that would change.
/// </summary>
internal static class RunActionCommand
{
    public static Command Create(CliEnvironment env, string name, string description, Func<RunOperations, Actor, RunKey, bool, ParseResult, CancellationToken, Task<RunActionResult>> act,
        params Option[] options)
    {
        var dagId = new Argument<string>("dag_id") { Description = "The DAG." };
        var runId = new Argument<string>("run_id") { Description = "The run (runs list <dag_id> shows the ids)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Only list the task instances this would change; change nothing." };
        var command = new Command(name, description) { dagId, runId, dryRun };
        foreach (var option in options)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (result, ct) =>
        {
            var registry = new StaticDagRegistry(DagSource.Load(env));
            await using var metadata = await MetadataConnection.OpenAsync(env.Configuration, ct);
            var operations = new RunOperations(metadata.Store, metadata.Store, metadata.Store, registry, TimeProvider.System);
            var key = new RunKey(result.GetValue(dagId)!, result.GetValue(runId)!);
            var preview = result.GetValue(dryRun);
            RunActionResult done;
            try
            {
                done = await act(operations, Actor.Cli(), key, preview, result, ct);
            }
            catch (OperationException e)
            {
                throw new CliError(e.Message);
            }

            await PrintAsync(env, done);
            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task PrintAsync(CliEnvironment env, RunActionResult result)
    {
        var run = result.Run.Run;
        if (result.Changes.Count == 0)
        {
            await env.Out.WriteLineAsync(result.Applied
                ? $"No task instance of {run.RunId} changed; the run is {StateNames.Of(run.State)}."
                : $"Dry run: no task instance of {run.RunId} would change.");
            return;
        }

        await env.Out.WriteLineAsync(result.Applied
            ? $"Changed {result.Changes.Count} task instance(s) of {run.RunId}; the run is {StateNames.Of(run.State)}:"
            : $"Dry run: these {result.Changes.Count} task instance(s) of {run.RunId} would change (nothing was changed):");
        foreach (var change in result.Changes)
        {
            await env.Out.WriteLineAsync($"  {change.TaskId}: {StateNames.Of(change.From)} -> {StateNames.Of(change.To)}");
        }
    }
}
