using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using DataEngineer.Core.Operations;
using DataEngineer.Core.Storage;
using DataEngineer.Host.Hosting;
using Spectre.Console;

namespace DataEngineer.Host.Cli;

/// <summary>
/// <c>dags delete &lt;dag_id&gt; [--yes] [-o table|json]</c>: deletes a DAG's metadata (Airflow's <c>dags delete</c>) through
/// <see cref="DagDeletion"/>, in batches, and prints the rows deleted per table; audited as <c>cli:&lt;OS user&gt;</c>.
/// </summary>
internal static class DagsDeleteCommand
{
    public static Command Create(CliEnvironment env)
    {
        var dagId = new Argument<string>("dag_id") { Description = "The DAG whose metadata to delete." };
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask for confirmation (required when not run from a terminal)." };
        var command = new Command("delete", "Delete a DAG's metadata: its runs with their task instances, tries, logs and XCom, its alerts, backfills, "
            + "versions and every other row naming it (not the audit log, nor the datasets' history). Refused while a task of it runs. "
            + "A DAG whose file is still in the DAGs folder comes back on the next scan, paused and without history.") { dagId, yes };
        var output = OutputOption.AddTo(command);
        command.SetAction(async (result, ct) =>
        {
            var id = result.GetValue(dagId)!;
            if (!Core.Validation.Identifiers.IsValidId(id))
            {
                throw new CliError($"'{id}' is not a DAG id: {Core.Validation.Identifiers.IdRule}.");
            }

            if (!result.GetValue(yes) && !await ConfirmAsync(env, id, ct))
            {
                return ExitCodes.RunFailed;
            }

            await using var metadata = await MetadataConnection.OpenAsync(env.Configuration, ct);
            var deleted = await new DagDeletion(metadata.Store, metadata.Store, metadata.DagDeletion, TimeProvider.System).DeleteAsync(Actor.Cli(), id, ct);
            await PrintAsync(env, id, deleted, output.IsJson(result));
            await env.Error.WriteLineAsync($"Deleted {deleted.Sum(d => d.Rows)} rows of DAG '{id}' from {metadata.Description}. If its file is still in "
                + "the DAGs folder, the next scan brings the DAG back, paused and without history (as in Airflow): remove the file first to delete it for good.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task<bool> ConfirmAsync(CliEnvironment env, string dagId, CancellationToken ct)
    {
        if (!env.Interactive || Console.IsInputRedirected)
        {
            throw new CliError($"dags delete deletes DAG '{dagId}''s runs, logs and history for good: add --yes to confirm (no terminal to ask on).");
        }

        await env.Out.WriteAsync($"Delete every run, log and record of DAG '{dagId}' from the metadata database? This cannot be undone. [y/N] ");
        var answer = await Console.In.ReadLineAsync(ct);
        if (answer?.Trim().ToLowerInvariant() is "y" or "yes")
        {
            return true;
        }

        await env.Error.WriteLineAsync("Nothing was deleted.");
        return false;
    }

    private static async Task PrintAsync(CliEnvironment env, string dagId, IReadOnlyList<TableRows> deleted, bool json)
    {
        if (json)
        {
            await env.Out.WriteLineAsync(JsonSerializer.Serialize(new { dag_id = dagId, tables = deleted.ToDictionary(d => d.Table, d => d.Rows) }, CliJson.Options));
            return;
        }

        var table = new Table().AddColumns("table", "rows deleted");
        foreach (var row in deleted)
        {
            table.AddRow(Markup.Escape(row.Table), row.Rows.ToString(CultureInfo.InvariantCulture));
        }

        CliConsole.For(env).Write(table);
    }
}
