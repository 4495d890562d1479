using System.CommandLine;
using System.Text.Json;
using DataEngineer.Core.States;
using DataEngineer.Host.Hosting;
using DataEngineer.Core.Mapping;

namespace DataEngineer.Host.Cli;

/// <summary>
/// <c>tasks state &lt;run_id&gt; &lt;task_id&gt; [--dag D] [-o table|json]</c>: a task instance's state, one word as Airflow's
/// <c>tasks state</c> prints it (for scripts), or with its tries, queue, pool and times as JSON.
/// </summary>
internal static class TasksStateCommand
{
    public static Command Create(CliEnvironment env)
    {
        var runId = new Argument<string>("run_id") { Description = "The run, e.g. scheduled__2024-01-01T02:00:00Z." };
        var taskId = new Argument<string>("task_id") { Description = "The task." };
        var dag = new Option<string?>("--dag") { Description = "The DAG, when several DAGs have a run with this id." };
        var command = new Command("state", "Print the state of a task instance (none, scheduled, queued, running, success, failed, ...).") { runId, taskId, dag };
        var output = OutputOption.AddTo(command);
        command.SetAction(async (result, ct) =>
        {
            await using var metadata = await MetadataConnection.OpenAsync(env.Configuration, ct);
            var snapshot = await RunLookup.FindAsync(env, metadata.Store, metadata.Store, result.GetValue(runId)!, result.GetValue(dag), ct);
            var id = result.GetValue(taskId)!;
            if (!snapshot.Tasks.TryGetValue(id, out var task))
            {
                throw new CliError($"Run {snapshot.Run.RunId} of {snapshot.Run.DagId} has no task '{id}'. Its tasks: {TaskIdList.Of(snapshot.Tasks.Keys.Order(StringComparer.Ordinal))}.");
            }

            await env.Out.WriteLineAsync(!output.IsJson(result) ? StateNames.Of(task.State) : JsonSerializer.Serialize(new
            {
                dag_id = task.DagId,
                run_id = task.RunId,
                task_id = task.TaskId,
                state = StateNames.Of(task.State),
                try_number = task.TryNumber,
                max_tries = task.MaxTries,
                queue = task.Queue,
                pool = task.Pool,
                started_at = task.StartedAt?.ToString("O"),
                ended_at = task.EndedAt?.ToString("O"),
            }, CliJson.Options));
            return ExitCodes.Success;
        });
        return command;
    }
}
