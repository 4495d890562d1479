using System.CommandLine;
using System.Text.Json;
using DataEngineer.Host.Hosting;
using Spectre.Console;

namespace DataEngineer.Host.Cli;

/// <summary><c>datasets list [--json]</c>: every recorded dataset with its row count, freshness and SLA state.</summary>
internal static class DatasetsListCommand
{
    public static Command Create(CliEnvironment env)
    {
        var json = new Option<bool>("--json") { Description = "Print a JSON array." };
        var command = new Command("list", "List the datasets tasks have written, with row counts, freshness and SLA state.") { json };
        command.SetAction(async (result, ct) =>
        {
            await using var metadata = await MetadataConnection.OpenAsync(env.Configuration, ct);
            var now = DateTimeOffset.UtcNow;
            var datasets = await metadata.Store.ListDatasetsAsync(ct);
            if (result.GetValue(json))
            {
                await env.Out.WriteLineAsync(JsonSerializer.Serialize(datasets.Select(d => new
                {
                    name = d.Name,
                    dag_id = d.DagId,
                    task_id = d.TaskId,
                    last_run_id = d.LastRunId,
                    row_count = d.RowCount,
                    last_written_at = d.LastWrittenAt.ToString("O"),
                    fresh_as_of = d.FreshAsOf.ToString("O"),
                    age_seconds = (long)DatasetFreshness.Of(d, now).Age.TotalSeconds,
                    freshness_sla_seconds = (long?)d.FreshnessSla?.TotalSeconds,
                    sla_state = DatasetFreshness.Of(d, now).SlaState,
                    breached_since = d.BreachedSince?.ToString("O"),
                    schema_version = d.SchemaVersion,
                }), CliJson.Options));
                return ExitCodes.Success;
            }

            if (datasets.Count == 0)
            {
                await env.Out.WriteLineAsync("No datasets recorded yet: a task records one with ctx.RecordDatasetAsync(...) (DataEngineer.Sdk.Postgres).");
                return ExitCodes.Success;
            }

            var table = new Table().AddColumns("dataset", "written by", "rows", "fresh as of", "age", "SLA", "state", "schema");
            foreach (var d in datasets)
            {
                var freshness = DatasetFreshness.Of(d, now);
                var state = freshness.SlaState == "breached" ? "[red]breached[/]" : freshness.SlaState;
                table.AddRow(Markup.Escape(d.Name), Markup.Escape($"{d.DagId}.{d.TaskId}"), $"{d.RowCount:N0}", $"{d.FreshAsOf:yyyy-MM-dd HH:mm}",
                    DatasetFreshness.Describe(freshness.Age), d.FreshnessSla is { } sla ? DatasetFreshness.Describe(sla) : "-", state, $"v{d.SchemaVersion}");
            }

            CliConsole.For(env).Write(table);
            return ExitCodes.Success;
        });
        return command;
    }
}
