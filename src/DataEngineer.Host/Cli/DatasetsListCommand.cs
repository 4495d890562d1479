using System.CommandLine;
using System.Text.Json;
using DataEngineer.Core.Storage;
using DataEngineer.Host.Hosting;
using Spectre.Console;

namespace DataEngineer.Host.Cli;

/// <summary>
/// <c>datasets list [-o table|json]</c>: every dataset the DAGs declare or tasks recorded, with its owner, contract, writers and
/// readers, row count, freshness and SLA state.
/// </summary>
internal static class DatasetsListCommand
{
    public static Command Create(CliEnvironment env)
    {
        var command = new Command("list", "List the datasets DAGs declare and tasks have written: owner, contract, writers, readers, row counts, freshness, SLA state.");
        var output = OutputOption.AddTo(command, jsonAlias: true);
        command.SetAction(async (result, ct) =>
        {
            await using var metadata = await MetadataConnection.OpenAsync(env.Configuration, ct);
            var now = DateTimeOffset.UtcNow;
            var recorded = (await metadata.Store.ListDatasetsAsync(ct)).ToDictionary(d => d.Name, StringComparer.Ordinal);
            var entries = (await metadata.Store.ListCatalogEntriesAsync(ct)).ToDictionary(e => e.Name, StringComparer.Ordinal);
            var edges = (await metadata.Store.ListLineageEdgesAsync(ct)).ToLookup(e => e.Dataset, StringComparer.Ordinal);
            var names = recorded.Keys.Union(entries.Keys).Order(StringComparer.Ordinal).ToList();
            if (output.IsJson(result))
            {
                await env.Out.WriteLineAsync(JsonSerializer.Serialize(names.Select(name =>
                {
                    var d = recorded.GetValueOrDefault(name);
                    var entry = entries.GetValueOrDefault(name);
                    var freshness = d is null ? null : DatasetFreshness.Of(d, now);
                    return new
                    {
                        name,
                        owner = entry?.Owner,
                        description = entry?.Description,
                        tags = entry?.Tags ?? [],
                        contract = entry is null ? null : DatasetCatalogJson.Name(entry.Contract),
                        writers = DatasetCatalogJson.Tasks(edges[name], DatasetAccess.Writes),
                        readers = DatasetCatalogJson.Tasks(edges[name], DatasetAccess.Reads),
                        warnings = entry?.Warnings.Count ?? 0,
                        observed = d is not null,
                        dag_id = d?.DagId,
                        task_id = d?.TaskId,
                        last_run_id = d?.LastRunId,
                        row_count = d?.RowCount,
                        last_written_at = d?.LastWrittenAt.ToString("O"),
                        fresh_as_of = d?.FreshAsOf.ToString("O"),
                        age_seconds = freshness is null ? (long?)null : (long)freshness.Age.TotalSeconds,
                        freshness_sla_seconds = (long?)(d?.FreshnessSla ?? entry?.FreshnessSla)?.TotalSeconds,
                        sla_state = freshness?.SlaState,
                        breached_since = d?.BreachedSince?.ToString("O"),
                        schema_version = d?.SchemaVersion,
                    };
                }), CliJson.Options));
                return ExitCodes.Success;
            }

            if (names.Count == 0)
            {
                await env.Out.WriteLineAsync("No datasets yet: declare them in a task's Reads/Writes (the scheduler catalogs them when it syncs the DAGs), " +
                    "or record one with ctx.RecordDatasetAsync(...) (DataEngineer.Sdk.Postgres).");
                return ExitCodes.Success;
            }

            var table = new Table().AddColumns("dataset", "owner", "contract", "written by", "read by", "rows", "fresh as of", "age", "SLA", "state", "schema");
            foreach (var name in names)
            {
                var entry = entries.GetValueOrDefault(name);
                var writers = string.Join(", ", DatasetCatalogJson.Tasks(edges[name], DatasetAccess.Writes));
                var readers = string.Join(", ", DatasetCatalogJson.Tasks(edges[name], DatasetAccess.Reads));
                var label = Markup.Escape(name) + (entry?.Warnings.Count > 0 ? " [yellow](!)[/]" : "");
                var owner = Markup.Escape(entry?.Owner ?? "-");
                var contract = entry is null ? "-" : DatasetCatalogJson.Name(entry.Contract);
                if (recorded.GetValueOrDefault(name) is not { } d)
                {
                    table.AddRow(label, owner, contract, Markup.Escape(writers.Length > 0 ? writers : "-"), Markup.Escape(readers.Length > 0 ? readers : "-"),
                        "-", "not written yet", "-", entry?.FreshnessSla is { } declaredSla ? DatasetFreshness.Describe(declaredSla) : "-", "-", "-");
                    continue;
                }

                var freshness = DatasetFreshness.Of(d, now);
                var state = freshness.SlaState == "breached" ? "[red]breached[/]" : freshness.SlaState;
                table.AddRow(label, owner, contract, Markup.Escape($"{d.DagId}.{d.TaskId}"), Markup.Escape(readers.Length > 0 ? readers : "-"), $"{d.RowCount:N0}",
                    $"{d.FreshAsOf:yyyy-MM-dd HH:mm}", DatasetFreshness.Describe(freshness.Age), d.FreshnessSla is { } sla ? DatasetFreshness.Describe(sla) : "-", state, $"v{d.SchemaVersion}");
            }

            CliConsole.For(env).Write(table);
            return ExitCodes.Success;
        });
        return command;
    }
}
