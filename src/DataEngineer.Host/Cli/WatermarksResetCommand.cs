using System.CommandLine;
using DataEngineer.Host.Hosting;

namespace DataEngineer.Host.Cli;

/// <summary><c>watermarks reset &lt;dag_id&gt; [--task T] [--source S]</c>: forgets high-water marks so the next run reads from the start (for a backfill).</summary>
internal static class WatermarksResetCommand
{
    public static Command Create(CliEnvironment env)
    {
        var dagId = new Argument<string>("dag_id") { Description = "The DAG." };
        var task = new Option<string?>("--task") { Description = "Only this task's marks." };
        var source = new Option<string?>("--source") { Description = "Only this source's mark, e.g. source.orders." };
        var command = new Command("reset", "Reset high-water marks: the next run of the task extracts from its initial mark again.") { dagId, task, source };
        command.SetAction(async (result, ct) =>
        {
            var id = result.GetValue(dagId)!;
            await using var metadata = await MetadataConnection.OpenAsync(env.Configuration, ct);
            await EnsureDagAsync(env, metadata, id, ct);
            var count = await metadata.Store.ResetWatermarksAsync(id, result.GetValue(task), result.GetValue(source), ct);
            await env.Out.WriteLineAsync(count == 0
                ? $"No watermark of {id} matched; nothing reset. List them with: dataengineer watermarks list {id}"
                : $"Reset {count} watermark{(count == 1 ? "" : "s")} of {id}.");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Refuses an unknown DAG (neither loaded nor in the store) with the list of known ones.</summary>
    public static async Task EnsureDagAsync(CliEnvironment env, MetadataConnection metadata, string dagId, CancellationToken ct)
    {
        var catalog = DagSource.Load(env);
        if (!catalog.Dags.ContainsKey(dagId) && await metadata.Store.GetDagAsync(dagId, ct) is null)
        {
            catalog.Get(dagId);
        }
    }
}
