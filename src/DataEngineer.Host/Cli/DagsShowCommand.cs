using System.CommandLine;
using System.Text;
using System.Text.Json;
using DataEngineer.Core.TriggerRules;
using DataEngineer.Core.Validation;
using DataEngineer.Host.Hosting;

namespace DataEngineer.Host.Cli;

/// <summary><c>dags show &lt;dag_id&gt; [--format text|dot|json]</c>: a DAG's tasks, edges and options.</summary>
internal static class DagsShowCommand
{
    public static Command Create(CliEnvironment env)
    {
        var dagId = new Argument<string>("dag_id") { Description = "The DAG to show." };
        var format = new Option<string>("--format") { Description = "text (default), dot (Graphviz) or json.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "dot", "json");
        var command = new Command("show", "Show a DAG's tasks, dependencies and options.") { dagId, format };
        command.SetAction(result =>
        {
            var graph = DagSource.Load(env).Get(result.GetValue(dagId)!);
            env.Out.Write(result.GetValue(format) switch
            {
                "dot" => Dot(graph),
                "json" => Json(graph),
                _ => Text(graph),
            });
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Text(DagGraph graph)
    {
        var o = graph.Options;
        var text = new StringBuilder();
        text.AppendLine($"DAG {graph.DagId} ({graph.Definition.DagType.FullName}), version {graph.Version}");
        text.AppendLine($"  description:  {o.Description}");
        text.AppendLine($"  owner:        {o.Owner}");
        text.AppendLine($"  tags:         {string.Join(", ", o.Tags)}");
        text.AppendLine($"  schedule:     {graph.Timetable.Description}");
        text.AppendLine($"  start/end:    {o.StartDate:yyyy-MM-dd HH:mm} / {(o.EndDate is null ? "none" : $"{o.EndDate:yyyy-MM-dd HH:mm}")}");
        text.AppendLine($"  catchup:      {o.Catchup.ToString().ToLowerInvariant()}, max active runs {o.MaxActiveRuns}, max active tasks {o.MaxActiveTasks}");
        if (graph.Definition.ParamsType is { } paramsType)
        {
            text.AppendLine($"  params:       {paramsType.Name}");
        }

        text.AppendLine("Tasks (in dependency order):");
        foreach (var task in graph.TopologicalOrder)
        {
            var s = task.Settings;
            var upstream = task.Upstream.Count == 0 ? "" : $" <- {string.Join(", ", task.Upstream)}";
            text.AppendLine($"  {task.Id}{upstream}");
            text.AppendLine($"      {TriggerRuleEvaluator.Name(s.TriggerRule)}, retries {s.Retries} every {s.RetryDelay}{(s.RetryExponentialBackoff ? $" with backoff up to {s.MaxRetryDelay}" : "")}, " +
                $"timeout {(s.ExecutionTimeout?.ToString() ?? "none")}, queue {s.Queue}, pool {s.Pool}, priority {s.PriorityWeight}" +
                (task.Definition.OutputType is { } output ? $", returns {output.Name}" : ""));
        }

        return text.ToString();
    }

    private static string Dot(DagGraph graph)
    {
        var dot = new StringBuilder();
        dot.AppendLine($"digraph \"{graph.DagId}\" {{");
        dot.AppendLine("  rankdir=LR;");
        foreach (var task in graph.TopologicalOrder)
        {
            var shape = task.Definition.Kind == Sdk.TaskKind.Branch ? "diamond" : "box";
            dot.AppendLine($"  \"{task.Id}\" [shape={shape}];");
        }

        foreach (var task in graph.TopologicalOrder)
        {
            foreach (var upstream in task.Upstream)
            {
                dot.AppendLine($"  \"{upstream}\" -> \"{task.Id}\";");
            }
        }

        dot.AppendLine("}");
        return dot.ToString();
    }

    private static string Json(DagGraph graph) => JsonSerializer.Serialize(new
    {
        dag_id = graph.DagId,
        version = graph.Version,
        schedule = graph.Options.Schedule,
        timezone = graph.Options.TimeZone,
        tasks = graph.TopologicalOrder.Select(t => new
        {
            task_id = t.Id,
            upstream = t.Upstream,
            trigger_rule = TriggerRuleEvaluator.Name(t.Settings.TriggerRule),
            retries = t.Settings.Retries,
            queue = t.Settings.Queue,
            pool = t.Settings.Pool,
            output_type = t.Definition.OutputType?.Name,
        }),
    }, CliJson.Options) + Environment.NewLine;
}
