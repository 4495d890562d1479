using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using DataEngineer.Core.Storage;
using DataEngineer.Host.Hosting;
using DataEngineer.Postgres.Metadata;
using Spectre.Console;

namespace DataEngineer.Host.Cli;

/// <summary>
/// <c>db clean --older-than AGE|DATE [--dag ID] [--keep-last N] [--dry-run] [--yes] [-o table|json]</c>: deletes metadata older than the
/// cutoff (Airflow's <c>db clean</c>), of every DAG or one, in small batches, and prints the rows per table; audited as <c>cli:&lt;OS user&gt;</c>.
/// </summary>
internal static class DbCleanCommand
{
    public static Command Create(CliEnvironment env)
    {
        var olderThan = new Option<string>("--older-than") { Description = "Delete what is older than this: an age (90d, 12h, 30m, 2w) or a date (2024-01-31) or ISO 8601 instant.", Required = true };
        var dryRun = new Option<bool>("--dry-run") { Description = "Only count what would be deleted." };
        var keepLast = new Option<int>("--keep-last") { Description = "Keep at least this many of each DAG's latest runs, however old (default 1, as Airflow keeps the latest).", DefaultValueFactory = _ => 1 };
        var dag = new Option<string?>("--dag") { Description = "Only this DAG's runs (with their rows), alerts and quality events; the audit log, which is the whole deployment's, is left alone." };
        var yes = new Option<bool>("--yes", "-y") { Description = "Confirm the deletion (required unless --dry-run: deleted metadata cannot be restored)." };
        var command = new Command("clean", "Delete finished runs (with their task instances, tries, logs, XCom, check results), alerts, audit rows and quality events older than a cutoff; "
            + "never a queued or running run, nor each DAG's latest run.") { olderThan, dag, keepLast, dryRun, yes };
        var output = OutputOption.AddTo(command);
        command.SetAction(async (result, ct) =>
        {
            var now = DateTimeOffset.UtcNow;
            var cutoff = CleanCutoff.Parse(result.GetValue(olderThan)!, now);
            var keep = result.GetValue(keepLast);
            if (keep is < 1 or > 10_000)
            {
                throw new CliError($"--keep-last {keep}: give a number of runs between 1 and 10000 (each DAG's latest run is always kept).");
            }

            var dagId = result.GetValue(dag);
            if (dagId is not null && !Core.Validation.Identifiers.IsValidId(dagId))
            {
                throw new CliError($"--dag '{dagId}' is not a DAG id: {Core.Validation.Identifiers.IdRule}.");
            }

            var dry = result.GetValue(dryRun);
            if (!dry && !result.GetValue(yes))
            {
                throw new CliError("db clean deletes metadata for good: add --yes to confirm, or --dry-run to see what it would delete.");
            }

            await using var metadata = await MetadataConnection.OpenAsync(env.Configuration, ct);
            var retention = new MetadataRetention(metadata.DataSource);
            var counts = dry ? await retention.CountAsync(cutoff, keep, dagId, ct) : await retention.DeleteAsync(cutoff, keep, dagId, ct);
            var when = cutoff.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            if (!dry)
            {
                var detail = $"older_than={when} keep_last={keep} " + (dagId is null ? "" : $"dag={dagId} ") + string.Join(' ', counts.Select(c => $"{c.Table}={c.Rows}"));
                await metadata.Store.AppendAuditAsync(new AuditEntry(DateTimeOffset.UtcNow, $"cli:{Environment.UserName}", "db.clean", dagId ?? "metadata", detail), ct);
            }

            await PrintAsync(env, counts, output.IsJson(result), dry);
            await env.Error.WriteLineAsync(dry
                ? $"Dry run: {counts.Sum(c => c.Rows)} rows older than {when} would be deleted from {metadata.Description}; nothing was changed."
                : $"Deleted {counts.Sum(c => c.Rows)} rows older than {when} from {metadata.Description}.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task PrintAsync(CliEnvironment env, IReadOnlyList<MetadataCleanCount> counts, bool json, bool dry)
    {
        if (json)
        {
            await env.Out.WriteLineAsync(JsonSerializer.Serialize(new { dry_run = dry, tables = counts.ToDictionary(c => c.Table, c => c.Rows) }, CliJson.Options));
            return;
        }

        var table = new Table().AddColumns("table", dry ? "rows to delete" : "rows deleted");
        foreach (var count in counts)
        {
            table.AddRow(count.Table, count.Rows.ToString(CultureInfo.InvariantCulture));
        }

        CliConsole.For(env).Write(table);
    }
}
