using System.CommandLine;
using DataEngineer.Core.Execution;
using DataEngineer.Core.Operations;
using DataEngineer.Core.States;
using DataEngineer.Host.Hosting;

namespace DataEngineer.Host.Cli;

/// <summary>
/// <c>tasks clear &lt;dag_id&gt; --run R [--task T]... [--downstream]</c>: makes tasks run again. The same action as
/// <c>runs clear</c>, through <see cref="RunOperations"/> (audited as the CLI's OS user).
/// </summary>
internal static class TasksClearCommand
{
    public static Command Create(CliEnvironment env)
    {
        var dagId = new Argument<string>("dag_id") { Description = "The DAG." };
        var run = new Option<string>("--run") { Description = "The run whose tasks to clear.", Required = true };
        var tasks = new Option<string[]>("--task") { Description = "A task to clear (repeatable). Default: every task of the run.", AllowMultipleArgumentsPerToken = true };
        var downstream = new Option<bool>("--downstream") { Description = "Also clear every task downstream of the given ones." };
        var command = new Command("clear", "Clear task instances so the scheduler runs them again, with fresh retries.") { dagId, run, tasks, downstream };
        command.SetAction(async (result, ct) =>
        {
            var catalog = DagSource.Load(env);
            var graph = catalog.Get(result.GetValue(dagId)!);
            var unknown = (result.GetValue(tasks) ?? []).Where(t => !graph.Tasks.ContainsKey(t)).ToList();
            if (unknown.Count > 0)
            {
                throw new CliError($"DAG '{graph.DagId}' has no task {string.Join(", ", unknown.Select(u => $"'{u}'"))}. Its tasks: {string.Join(", ", graph.TopologicalOrder.Select(t => t.Id))}.");
            }

            await using var metadata = await MetadataConnection.OpenAsync(env.Configuration, ct);
            var snapshot = await RunLookup.FindAsync(env, metadata.Store, metadata.Store, result.GetValue(run)!, graph.DagId, ct);
            var options = new ClearOptions { TaskIds = result.GetValue(tasks) ?? [], Downstream = result.GetValue(downstream) };
            RunActionResult cleared;
            try
            {
                cleared = await new RunOperations(metadata.Store, metadata.Store, metadata.Store, new StaticDagRegistry(catalog), TimeProvider.System).ClearAsync(Actor.Cli(), snapshot.Run.Key, options, dryRun: false, ct);
            }
            catch (OperationException e)
            {
                throw new CliError(e.Message);
            }

            var after = cleared.Run;
            await env.Out.WriteLineAsync(cleared.Changes.Count == 0
                ? $"Nothing to clear in {snapshot.Run.RunId}."
                : $"Cleared {string.Join(", ", cleared.Changes.Where(c => c.From.IsFinished()).Select(c => c.TaskId))} in {snapshot.Run.RunId}; the run is {StateNames.Of(after.Run.State)}" +
                  (after.Run.DagVersion != snapshot.Run.DagVersion ? $" and runs version {after.Run.DagVersion} now (was {snapshot.Run.DagVersion})." : "."));
            var running = options.Select(graph, after.Tasks).Where(t => after.Tasks.TryGetValue(t, out var ti) && ti.State == TaskInstanceState.Running).ToList();
            if (running.Count > 0)
            {
                await env.Out.WriteLineAsync($"Left running: {string.Join(", ", running)} (clear them again when their try ends).");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
