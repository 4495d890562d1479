using System.CommandLine;
using System.Text.Json;
using DataEngineer.Core.Operations;
using DataEngineer.Host.Hosting;
using Spectre.Console;

namespace DataEngineer.Host.Cli;

/// <summary>
/// <c>tasks failed-deps &lt;dag_id&gt; &lt;run_id&gt; &lt;task_id&gt; [-o table|json]</c>: why a task instance is not running now
/// (Airflow's <c>tasks failed-deps</c>), through <see cref="TaskDependencies"/>.
/// </summary>
internal static class TasksFailedDepsCommand
{
    public static Command Create(CliEnvironment env)
    {
        var dagId = new Argument<string>("dag_id") { Description = "The DAG." };
        var runId = new Argument<string>("run_id") { Description = "The run, e.g. scheduled__2024-01-01T02:00:00Z." };
        var taskId = new Argument<string>("task_id") { Description = "The task instance; a mapped one as task[index]." };
        var command = new Command("failed-deps", "Why isn't this task running? Its state, then every reason it is not running now: upstream tasks and "
            + "its trigger rule, DAG paused, run not running, MaxActiveRuns, MaxActiveTasks, a full pool, no live worker on its queue, "
            + "a retry delay, a sensor's next poke, an approval.") { dagId, runId, taskId };
        var output = OutputOption.AddTo(command);
        command.SetAction(async (result, ct) =>
        {
            await using var metadata = await MetadataConnection.OpenAsync(env.Configuration, ct);
            var (dag, run, task) = (result.GetValue(dagId)!, result.GetValue(runId)!, result.GetValue(taskId)!);
            var reasons = await new TaskDependencies(metadata.Store, metadata.Store, metadata.Store, TimeProvider.System).ExplainAsync(dag, run, task, ct);
            if (output.IsJson(result))
            {
                await env.Out.WriteLineAsync(JsonSerializer.Serialize(new
                {
                    dag_id = dag,
                    run_id = run,
                    task_id = task,
                    dependencies = reasons.Select(r => new { check = r.Check, reason = r.Reason }),
                }, CliJson.Options));
                return ExitCodes.Success;
            }

            var table = new Table().AddColumns("check", "reason");
            foreach (var reason in reasons)
            {
                table.AddRow(Markup.Escape(reason.Check), Markup.Escape(reason.Reason));
            }

            CliConsole.For(env).Write(table);
            return ExitCodes.Success;
        });
        return command;
    }
}
