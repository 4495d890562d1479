using System.CommandLine;
using DataEngineer.Core.Execution;

namespace DataEngineer.Host.Cli;

/// <summary><c>runs clear &lt;dag_id&gt; &lt;run_id&gt; [--failed] [--task T]... [--upstream] [--downstream] [--dry-run]</c>.</summary>
internal static class RunsClearCommand
{
    public static Command Create(CliEnvironment env)
    {
        var failed = new Option<bool>("--failed") { Description = "Only the failed and upstream_failed tasks (restart from failure)." };
        var tasks = new Option<string[]>("--task") { Description = "A task to clear (repeatable). Default: every task of the run.", AllowMultipleArgumentsPerToken = true };
        var upstream = new Option<bool>("--upstream") { Description = "Also clear every task upstream of them." };
        var downstream = new Option<bool>("--downstream") { Description = "Also clear every task downstream of them." };
        return RunActionCommand.Create(env, "clear", "Clear a run's task instances so they run again with fresh retries; the run is re-decided at once.",
            (operations, actor, key, dryRun, result, ct) => operations.ClearAsync(actor, key, new ClearOptions
            {
                TaskIds = result.GetValue(tasks) ?? [], OnlyFailed = result.GetValue(failed), Upstream = result.GetValue(upstream), Downstream = result.GetValue(downstream),
            }, dryRun, ct),
            failed, tasks, upstream, downstream);
    }
}
