using System.CommandLine;
using System.Text.Json;
using DataEngineer.Core.Governance;
using DataEngineer.Core.Storage;
using DataEngineer.Host.Hosting;
using Spectre.Console;

namespace DataEngineer.Host.Cli;

/// <summary>
/// <c>datasets show &lt;name&gt; [--limit N] [--json]</c>: a dataset's catalog entry (owner, description, tags, documented and
/// classified columns, contract, retention, writers and readers, declaration conflicts), row-count history, schema
/// versions, quality events and last retention run.
/// </summary>
internal static class DatasetsShowCommand
{
    public static Command Create(CliEnvironment env)
    {
        var name = new Argument<string>("name") { Description = "The dataset, e.g. warehouse.fact_orders." };
        var limit = new Option<int>("--limit") { Description = "At most this many writes in the history (default 30).", DefaultValueFactory = _ => 30 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var command = new Command("show", "Show a dataset's catalog entry, writers and readers, row-count history, schema versions and quality events.") { name, limit, json };
        command.SetAction(async (result, ct) =>
        {
            var id = result.GetValue(name)!;
            var max = result.GetValue(limit);
            if (max is < 1 or > 10_000)
            {
                throw new CliError($"--limit {max}: give a number between 1 and 10000.");
            }

            await using var metadata = await MetadataConnection.OpenAsync(env.Configuration, ct);
            var store = metadata.Store;
            var dataset = await store.GetDatasetAsync(id, ct);
            var entry = await store.GetCatalogEntryAsync(id, ct);
            var edges = await store.ListDatasetLineageAsync(id, ct);
            if (dataset is null && entry is null && edges.Count == 0)
            {
                throw new CliError($"No dataset '{id}' has been recorded. List the recorded ones with: dataengineer datasets list");
            }

            if (dataset is null)
            {
                return await DatasetCatalogView.ShowDeclaredOnlyAsync(env, id, entry, edges, result.GetValue(json));
            }

            var writes = await store.ListDatasetWritesAsync(id, max, ct);
            var versions = await store.ListSchemaVersionsAsync(id, ct);
            var events = (await store.ListDatasetEventsAsync(id, 20, ct)).Reverse().ToList();
            var freshness = DatasetFreshness.Of(dataset, DateTimeOffset.UtcNow);
            var retention = await RetentionRuns.LastAsync(store, store, id, ct);
            if (result.GetValue(json))
            {
                await env.Out.WriteLineAsync(JsonSerializer.Serialize(new
                {
                    name = dataset.Name,
                    row_count = dataset.RowCount,
                    fresh_as_of = dataset.FreshAsOf.ToString("O"),
                    freshness_sla_seconds = (long?)dataset.FreshnessSla?.TotalSeconds,
                    sla_state = freshness.SlaState,
                    catalog = DatasetCatalogJson.Of(entry),
                    writers = DatasetCatalogJson.Tasks(edges, DatasetAccess.Writes),
                    readers = DatasetCatalogJson.Tasks(edges, DatasetAccess.Reads),
                    undocumented_columns = DatasetCatalogView.Undocumented(dataset, entry),
                    writes = writes.Select(w => new
                    {
                        run_id = w.RunId, task_id = w.TaskId, at = w.At.ToString("O"), row_count = w.RowCount, rows_written = w.RowsWritten,
                        data_updated_at = w.DataUpdatedAt?.ToString("O"), schema_version = w.SchemaVersion,
                    }),
                    schema_versions = versions.Select(v => new
                    {
                        version = v.Version, first_seen_at = v.FirstSeenAt.ToString("O"), run_id = v.RunId,
                        columns = v.Columns.Select(c => new { name = c.Name, type = c.Type }),
                    }),
                    retention_last_run = DatasetRetentionView.Json(retention),
                    events = events.Select(e => new { id = e.Id, kind = e.Kind, severity = e.Severity, run_id = e.RunId, message = e.Message, before = e.Before, after = e.After, at = e.At.ToString("O"), resolved_at = e.ResolvedAt?.ToString("O") }),
                }, CliJson.Options));
                return ExitCodes.Success;
            }

            var console = CliConsole.For(env);
            console.MarkupLine($"[bold]{Markup.Escape(dataset.Name)}[/]: {dataset.RowCount:N0} rows, written by {Markup.Escape($"{dataset.DagId}.{dataset.TaskId}")}, " +
                $"fresh as of {dataset.FreshAsOf:yyyy-MM-dd HH:mm}Z ({DatasetFreshness.Describe(freshness.Age)} ago), SLA " +
                $"{(dataset.FreshnessSla is { } sla ? DatasetFreshness.Describe(sla) : "none")}: {freshness.SlaState}");
            DatasetCatalogView.Write(console, entry, edges, DatasetCatalogView.Undocumented(dataset, entry));
            var history = new Table().Title("Row-count history (newest first)").AddColumns("run_id", "task", "at", "rows", "written", "data as of", "schema");
            foreach (var w in writes)
            {
                history.AddRow(Markup.Escape(w.RunId), Markup.Escape(w.TaskId), $"{w.At:yyyy-MM-dd HH:mm}", $"{w.RowCount:N0}", $"{w.RowsWritten:N0}", $"{w.DataUpdatedAt:yyyy-MM-dd HH:mm}", $"v{w.SchemaVersion}");
            }

            DatasetRetentionView.Write(console, retention);
            console.Write(history);
            var schema = new Table().Title("Schema versions").AddColumns("version", "first seen", "run_id", "columns");
            foreach (var v in versions)
            {
                schema.AddRow($"v{v.Version}", $"{v.FirstSeenAt:yyyy-MM-dd HH:mm}", Markup.Escape(v.RunId), Markup.Escape(string.Join(", ", v.Columns.Select(c => $"{c.Name} {c.Type}"))));
            }

            console.Write(schema);
            if (events.Count > 0)
            {
                var table = new Table().Title("Quality events").AddColumns("at", "kind", "severity", "run_id", "message");
                foreach (var e in events)
                {
                    table.AddRow($"{e.At:yyyy-MM-dd HH:mm}", e.Kind, e.Severity, Markup.Escape(e.RunId ?? ""), Markup.Escape(e.Message));
                }

                console.Write(table);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
