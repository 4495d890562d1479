using System.CommandLine;
using DataEngineer.Core.Alerts;
using DataEngineer.Core.Execution;
using DataEngineer.Core.Operations;
using DataEngineer.Core.States;
using DataEngineer.Host.Hosting;
using DataEngineer.Host.Settings;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataEngineer.Host.Cli;

/// <summary>
/// <c>tasks approve|reject &lt;dag_id&gt; --run R --task T [--comment C] [--branch B]</c>: decides a waiting approval task
/// through <see cref="RunOperations"/> (audited as the CLI's OS user), as the run page and the REST API do.
/// </summary>
internal static class TasksDecideCommand
{
    public static Command Create(CliEnvironment env, bool approve)
    {
        var dagId = new Argument<string>("dag_id") { Description = "The DAG." };
        var run = new Option<string>("--run") { Description = "The run whose approval task to decide.", Required = true };
        var task = new Option<string>("--task") { Description = "The approval task.", Required = true };
        var comment = new Option<string?>("--comment") { Description = "Why (kept in the audit log and passed to downstream tasks)." };
        var command = new Command(approve ? "approve" : "reject",
            approve ? "Approve a task waiting for a decision (awaiting_input); its downstream tasks run." : "Reject a task waiting for a decision (awaiting_input); its downstream tasks are skipped.")
        {
            dagId, run, task, comment,
        };
        var branch = new Option<string?>("--branch") { Description = "For an approval that offers branches: the downstream task to run." };
        if (approve)
        {
            command.Options.Add(branch);
        }

        command.SetAction(async (result, ct) =>
        {
            var catalog = DagSource.Load(env);
            var graph = catalog.Get(result.GetValue(dagId)!);
            await using var metadata = await MetadataConnection.OpenAsync(env.Configuration, ct);
            var snapshot = await RunLookup.FindAsync(env, metadata.Store, metadata.Store, result.GetValue(run)!, graph.DagId, ct);
            var taskId = result.GetValue(task)!;
            // A decision ends the approval's try: its callbacks and alerts (a rejection with FailOnReject alerts as any failure),
            // recorded in the outbox before this process exits; a running host delivers them.
            using var http = new HttpClient();
            var alerts = AlertingOptions.Read(env.Configuration, http);
            var registry = new StaticDagRegistry(catalog);
            var outbox = new AlertOutbox(metadata.Alerts, registry, alerts.Routing, TimeProvider.System, NullLogger<AlertOutbox>.Instance);
            await using var notifier = new TryEndNotifier(outbox, metadata.Store, metadata.Store, alerts.Routing, NullLogger<TryEndNotifier>.Instance);
            RunActionResult decided;
            try
            {
                var tries = TryPipeline.Standard(metadata.Store, TimeProvider.System, new TaskRuntimeOptions(), registry, NullLogger.Instance, [notifier]);
                decided = await new RunOperations(metadata.Store, metadata.Store, metadata.Store, registry, TimeProvider.System, tries).DecideApprovalAsync(
                    Actor.Cli(), snapshot.Run.Key, taskId, approve, result.GetValue(comment), approve ? result.GetValue(branch) : null, ct);
            }
            catch (OperationException e)
            {
                throw new CliError(e.Message);
            }

            await env.Out.WriteLineAsync($"{(approve ? "Approved" : "Rejected")} {taskId} in {snapshot.Run.RunId}: the task is {StateNames.Of(decided.Run.Tasks[taskId].State)}, " +
                $"the run {StateNames.Of(decided.Run.Run.State)}.");
            return ExitCodes.Success;
        });
        return command;
    }
}
