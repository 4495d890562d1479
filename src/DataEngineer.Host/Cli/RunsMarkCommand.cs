using System.CommandLine;
using DataEngineer.Core.States;

namespace DataEngineer.Host.Cli;

/// <summary><c>runs mark &lt;dag_id&gt; &lt;run_id&gt; --state success|failed [--task T] [--dry-run]</c>: marks the run, or one task of it.</summary>
internal static class RunsMarkCommand
{
    public static Command Create(CliEnvironment env)
    {
        var state = new Option<string>("--state") { Description = "success or failed.", Required = true };
        state.AcceptOnlyFromAmong("success", "failed");
        var task = new Option<string?>("--task") { Description = "Mark only this task (refused while it runs). Default: the whole run; its running tries are cancelled." };
        return RunActionCommand.Create(env, "mark", "Mark a run, or one of its tasks, success or failed without running it.",
            (operations, actor, key, dryRun, result, ct) => result.GetValue(task) is { } taskId
                ? operations.MarkTaskAsync(actor, key, taskId, StateNames.ParseTaskState(result.GetValue(state)!), dryRun, ct)
                : operations.MarkRunAsync(actor, key, StateNames.ParseRunState(result.GetValue(state)!), dryRun, ct),
            state, task);
    }
}
