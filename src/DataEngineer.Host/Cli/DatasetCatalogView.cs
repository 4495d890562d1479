using System.Text.Json;
using DataEngineer.Core.Storage;
using Spectre.Console;

namespace DataEngineer.Host.Cli;

/// <summary>The catalog part of <c>datasets show</c>: owner, contract, retention, columns, writers, readers and warnings.</summary>
internal static class DatasetCatalogView
{
    /// <summary>Columns of the latest recorded schema that the catalog does not describe.</summary>
    public static IReadOnlyList<string> Undocumented(DatasetRecord dataset, DatasetCatalogEntry? entry)
    {
        var described = (entry?.Columns ?? []).Where(c => !string.IsNullOrWhiteSpace(c.Description)).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        return dataset.Columns.Select(c => c.Name).Where(c => !described.Contains(c)).ToList();
    }

    public static async Task<int> ShowDeclaredOnlyAsync(CliEnvironment env, string name, DatasetCatalogEntry? entry, IReadOnlyList<LineageEdge> edges, bool json)
    {
        if (json)
        {
            await env.Out.WriteLineAsync(JsonSerializer.Serialize(new
            {
                name,
                row_count = (long?)null,
                catalog = DatasetCatalogJson.Of(entry),
                writers = DatasetCatalogJson.Tasks(edges, DatasetAccess.Writes),
                readers = DatasetCatalogJson.Tasks(edges, DatasetAccess.Reads),
                writes = Array.Empty<object>(),
                schema_versions = Array.Empty<object>(),
                events = Array.Empty<object>(),
            }, CliJson.Options));
            return ExitCodes.Success;
        }

        var console = CliConsole.For(env);
        console.MarkupLine($"[bold]{Markup.Escape(name)}[/]: declared, not written yet (no task has recorded it with ctx.RecordDatasetAsync)");
        Write(console, entry, edges, []);
        return ExitCodes.Success;
    }

    public static void Write(IAnsiConsole console, DatasetCatalogEntry? entry, IReadOnlyList<LineageEdge> edges, IReadOnlyList<string> undocumented)
    {
        if (entry is { IsDeclared: true })
        {
            console.MarkupLine($"Owner: {Markup.Escape(entry.Owner ?? "-")}    Contract: {DatasetCatalogJson.Name(entry.Contract)}    Declared by: {Markup.Escape(entry.DeclaredBy ?? "-")}");
            if (entry.Description is { } description)
            {
                console.MarkupLine($"Description: {Markup.Escape(description)}");
            }

            if (entry.Tags.Count > 0)
            {
                console.MarkupLine($"Tags: {Markup.Escape(string.Join(", ", entry.Tags))}");
            }

            if (entry.Retention is { } retention)
            {
                console.MarkupLine($"Retention: rows older than {DatasetFreshness.Describe(retention.KeepFor)} by {Markup.Escape(retention.Column)} are deleted (connection {Markup.Escape(retention.Connection)})");
            }

            if (entry.FreshnessSla is { } sla)
            {
                console.MarkupLine($"Freshness SLA: {DatasetFreshness.Describe(sla)}{(entry.FreshnessColumn is { } column ? $" by {Markup.Escape(column)}" : "")}");
            }

            if (entry.Columns.Count > 0)
            {
                var columns = new Table().Title("Columns").AddColumns("column", "type", "nullable", "accepts", "classification", "description");
                foreach (var c in entry.Columns)
                {
                    columns.AddRow(Markup.Escape(c.Name), Markup.Escape(c.Type ?? "-"), c.Nullable ? "yes" : "no",
                        c.AcceptedValues is { } accepted ? Markup.Escape(string.Join(", ", accepted)) : "-",
                        c.Classification is { } k ? DatasetCatalogJson.Name(k) : "-", Markup.Escape(c.Description ?? "(undocumented)"));
                }

                console.Write(columns);
            }
        }
        else
        {
            console.MarkupLine("Catalog: nothing declared beyond the name (give the Dataset an Owner, Description and Columns).");
        }

        var writers = DatasetCatalogJson.Tasks(edges, DatasetAccess.Writes).ToList();
        var readers = DatasetCatalogJson.Tasks(edges, DatasetAccess.Reads).ToList();
        console.MarkupLine($"Writers: {Markup.Escape(writers.Count > 0 ? string.Join(", ", writers) : "none declared")}");
        console.MarkupLine($"Readers: {Markup.Escape(readers.Count > 0 ? string.Join(", ", readers) : "none declared")}");
        if (undocumented.Count > 0)
        {
            console.MarkupLine($"[yellow]Undocumented columns[/] (in the latest recorded schema, not described): {Markup.Escape(string.Join(", ", undocumented))}");
        }

        foreach (var warning in entry?.Warnings ?? [])
        {
            console.MarkupLine($"[yellow]Warning:[/] {Markup.Escape(warning)}");
        }
    }
}
