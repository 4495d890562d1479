using System.CommandLine;

namespace DataEngineer.Host.Cli;

/// <summary><c>runs cancel &lt;dag_id&gt; &lt;run_id&gt; [--dry-run]</c>: stops a queued or running run.</summary>
internal static class RunsCancelCommand
{
    public static Command Create(CliEnvironment env) =>
        RunActionCommand.Create(env, "cancel",
            "Cancel a queued or running run: its running tries are stopped (at their worker's next heartbeat) and recorded as failed, tasks not started are skipped, the run fails.",
            (operations, actor, key, dryRun, _, ct) => operations.CancelAsync(actor, key, dryRun, ct));
}
