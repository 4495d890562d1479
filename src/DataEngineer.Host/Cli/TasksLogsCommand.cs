using System.CommandLine;
using DataEngineer.Host.Hosting;
using DataEngineer.Core.Mapping;

namespace DataEngineer.Host.Cli;

/// <summary>
/// <c>tasks logs &lt;run_id&gt; &lt;task_id&gt; [--try N] [--dag D] [--follow]</c>: the log of one try (the latest by default);
/// with <c>--follow</c>, new lines as the running try writes them, until it ends.
/// </summary>
internal static class TasksLogsCommand
{
    private static readonly TimeSpan FollowInterval = TimeSpan.FromMilliseconds(500);

    public static Command Create(CliEnvironment env)
    {
        var runId = new Argument<string>("run_id") { Description = "The run, e.g. scheduled__2024-01-01T02:00:00Z." };
        var taskId = new Argument<string>("task_id") { Description = "The task." };
        var tryNumber = new Option<int?>("--try") { Description = "Which try (default: the latest)." };
        var dag = new Option<string?>("--dag") { Description = "The DAG, when several DAGs have a run with this id." };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing the lines a running try writes; exit when the try ends." };
        var command = new Command("logs", "Print the log of a task try.") { runId, taskId, tryNumber, dag, follow };
        command.SetAction(async (result, ct) =>
        {
            await using var metadata = await MetadataConnection.OpenAsync(env.Configuration, ct);
            var snapshot = await RunLookup.FindAsync(env, metadata.Store, metadata.Store, result.GetValue(runId)!, result.GetValue(dag), ct);
            var id = result.GetValue(taskId)!;
            if (!snapshot.Tasks.TryGetValue(id, out var task))
            {
                throw new CliError($"Run {snapshot.Run.RunId} of {snapshot.Run.DagId} has no task '{id}'. Its tasks: {TaskIdList.Of(snapshot.Tasks.Keys.Order(StringComparer.Ordinal))}.");
            }

            var number = result.GetValue(tryNumber) ?? task.TryNumber;
            if (number < 1 || number > task.TryNumber)
            {
                throw new CliError(task.TryNumber == 0
                    ? $"Task '{id}' has not run yet in {snapshot.Run.RunId} (state {Core.States.StateNames.Of(task.State)})."
                    : $"--try {number}: task '{id}' has tries 1 to {task.TryNumber} in {snapshot.Run.RunId}.");
            }

            // The try's state is read before its lines: a try records its last lines before its end, so once it has ended one more read has them all.
            for (var printed = 0; ; await Task.Delay(FollowInterval, ct))
            {
                var ended = !result.GetValue(follow) || await HasEndedAsync(metadata.Store, snapshot.Run.Key, id, number, ct);
                var lines = await metadata.Store.GetLogAsync(snapshot.Run.Key, id, number, printed, ct);
                foreach (var line in lines)
                {
                    await env.Out.WriteLineAsync(line.ToText());
                }

                await env.Out.FlushAsync(ct);
                printed += lines.Count;
                if (ended)
                {
                    return ExitCodes.Success;
                }
            }
        });
        return command;
    }

    private static async Task<bool> HasEndedAsync(Core.Storage.IRunQueries queries, Core.Storage.RunKey key, string taskId, int tryNumber, CancellationToken ct) =>
        (await queries.ListTriesAsync(key, taskId, ct)).FirstOrDefault(t => t.TryNumber == tryNumber) is not { State: Core.States.TaskInstanceState.Running };
}
