using System.CommandLine;
using System.Text;
using System.Text.Json;
using DataEngineer.Core.Execution;
using DataEngineer.Core.Storage;
using DataEngineer.Host.Hosting;

namespace DataEngineer.Host.Cli;

/// <summary>
/// <c>dags show &lt;dag_id&gt; [--version V] [--format text|dot|json]</c>: a DAG's tasks, edges and
/// options; with <c>--version</c>, the version a run used, from the metadata store, even after the
/// DAG's code changed or its file was removed.
/// </summary>
internal static class DagsShowCommand
{
    private static readonly JsonSerializerOptions Json = new(CliJson.Options) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static Command Create(CliEnvironment env)
    {
        var dagId = new Argument<string>("dag_id") { Description = "The DAG to show." };
        var version = new Option<string?>("--version") { Description = "Show this recorded version (see 'runs list'), not the loaded one." };
        var format = new Option<string>("--format") { Description = "text (default), dot (Graphviz) or json.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "dot", "json");
        var command = new Command("show", "Show a DAG's tasks, dependencies and options.") { dagId, version, format };
        command.SetAction(async (result, ct) =>
        {
            var id = result.GetValue(dagId)!;
            DagStructure structure;
            if (result.GetValue(version) is { } wanted)
            {
                await using var metadata = await MetadataConnection.OpenAsync(env.Configuration, ct);
                structure = await metadata.Store.GetVersionAsync(id, wanted.Trim(), ct)
                    ?? throw new CliError($"No version '{wanted}' of DAG '{id}' is recorded. 'runs list {id} --json' shows the version each run used.");
            }
            else
            {
                var catalog = DagSource.Load(env);
                var graph = catalog.Get(id);
                structure = DagStructures.Of(graph, catalog.Sources.GetValueOrDefault(id, id));
            }

            await env.Out.WriteAsync(result.GetValue(format) switch
            {
                "dot" => Dot(structure),
                "json" => JsonSerializer.Serialize(structure, Json) + Environment.NewLine,
                _ => Text(structure),
            });
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Text(DagStructure dag)
    {
        var text = new StringBuilder();
        text.AppendLine($"DAG {dag.DagId} ({dag.ClassName}), version {dag.Version}");
        text.AppendLine($"  source:       {dag.Source}");
        text.AppendLine($"  description:  {dag.Description}");
        text.AppendLine($"  owner:        {dag.Owner}");
        text.AppendLine($"  tags:         {string.Join(", ", dag.Tags)}");
        text.AppendLine($"  schedule:     {dag.ScheduleDescription}");
        text.AppendLine($"  start/end:    {dag.StartDate:yyyy-MM-dd HH:mm} / {(dag.EndDate is null ? "none" : $"{dag.EndDate:yyyy-MM-dd HH:mm}")}");
        text.AppendLine($"  catchup:      {dag.Catchup.ToString().ToLowerInvariant()}, max active runs {dag.MaxActiveRuns}, max active tasks {dag.MaxActiveTasks}");
        if (dag.ParamsType is { } paramsType)
        {
            text.AppendLine($"  params:       {paramsType}");
        }

        text.AppendLine("Tasks (in dependency order):");
        foreach (var task in dag.Tasks)
        {
            var upstream = task.Upstream.Count == 0 ? "" : $" <- {string.Join(", ", task.Upstream)}";
            text.AppendLine($"  {task.TaskId}{upstream}");
            text.AppendLine($"      {task.TriggerRule}, retries {task.Retries} every {task.RetryDelay}{(task.RetryExponentialBackoff ? $" with backoff up to {task.MaxRetryDelay}" : "")}, " +
                $"timeout {(task.ExecutionTimeout?.ToString() ?? "none")}, queue {task.Queue}, pool {task.Pool}, priority {task.PriorityWeight}" +
                (task.OutputType is { } output ? $", returns {output}" : ""));
        }

        return text.ToString();
    }

    private static string Dot(DagStructure dag)
    {
        var dot = new StringBuilder();
        dot.AppendLine($"digraph \"{dag.DagId}\" {{");
        dot.AppendLine("  rankdir=LR;");
        foreach (var task in dag.Tasks)
        {
            var shape = task.Kind == nameof(Sdk.TaskKind.Branch) ? "diamond" : "box";
            dot.AppendLine($"  \"{task.TaskId}\" [shape={shape}];");
        }

        foreach (var task in dag.Tasks)
        {
            foreach (var upstream in task.Upstream)
            {
                dot.AppendLine($"  \"{upstream}\" -> \"{task.TaskId}\";");
            }
        }

        dot.AppendLine("}");
        return dot.ToString();
    }
}
