using System.CommandLine;
using System.Text.Json;
using DataEngineer.Core.Execution;
using DataEngineer.Core.Governance;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Validation;
using DataEngineer.Host.Hosting;
using DataEngineer.Host.Settings;
using DataEngineer.Sdk;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataEngineer.Host.Cli;

/// <summary>
/// <c>tasks test &lt;dag_id&gt; &lt;task_id&gt; [--date] [--conf] [--xcom-from-file FILE] [--var KEY=VALUE]... [--json]</c>: one try of
/// one task, ignoring its dependencies (Airflow's <c>tasks test</c>). Upstream values come from a
/// JSON file mapping upstream task ids to their return values.
/// </summary>
internal static class TasksTestCommand
{
    public static Command Create(CliEnvironment env)
    {
        var dagId = new Argument<string>("dag_id") { Description = "The DAG." };
        var taskId = new Argument<string>("task_id") { Description = "The task to run." };
        var date = new Option<string?>("--date") { Description = "Logical date, as for 'dags test'." };
        var conf = new Option<string?>("--conf") { Description = "Run conf, a JSON object bound to the DAG's params." };
        var xcomFile = new Option<FileInfo?>("--xcom-from-file") { Description = "A JSON object {\"upstream_task_id\": value, ...} giving the upstream return values the task receives." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object and nothing else." };
        var vars = TestVariables.CreateOption();
        var command = new Command("test", "Run one try of one task, without its upstream tasks.") { dagId, taskId, date, conf, xcomFile, vars, json };
        command.SetAction(async (result, ct) =>
        {
            var catalog = DagSource.Load(env);
            var graph = catalog.Get(result.GetValue(dagId)!);
            var id = result.GetValue(taskId)!;
            if (!graph.Tasks.TryGetValue(id, out var node))
            {
                throw new CliError($"DAG '{graph.DagId}' has no task '{id}'. Its tasks: {string.Join(", ", graph.TopologicalOrder.Select(t => t.Id))}.");
            }

            var time = TimeProvider.System;
            var interval = graph.Timetable.ManualInterval(RunDate.Parse(result.GetValue(date), graph, time));
            var runConf = DagsTestCommand.ParseConf(result.GetValue(conf), graph.Definition.ParamsType);
            var upstreamValues = ReadXComFile(result.GetValue(xcomFile), node);

            await using var connections = await TaskConnections.ResolveAsync(env.Configuration, ct);
            var store = new InMemoryMetadataStore();
            await using var variables = await TestVariables.LoadAsync(env, store, result.GetValue(vars) ?? [], ct);
            var (run, tasks) = DagRunFactory.Create(graph, DagRunType.Manual, interval, runConf, time.GetUtcNow());
            await store.CreateRunAsync(run, tasks, ct);
            foreach (var (upstream, value) in upstreamValues)
            {
                await store.SetXComAsync(new XComEntry(run.DagId, run.RunId, upstream, XComKeys.ReturnValue, value), ct);
            }

            var quiet = result.GetValue(json);
            var console = CliConsole.For(env);
            var options = StartupSettings.Read<EngineOptions>(env.Configuration).Runtime(connections.Registry) with { VariableCipher = variables.Cipher };
            var tries = TryPipeline.Standard(store, time, options, new StaticDagRegistry(catalog), NullLogger.Instance, quiet ? [] : [new ConsoleRunObserver(console, id.Length)]);
            var ended = await RunOneTryAsync(graph, store, run.Key, id, time, options.Hostname, tries, ct);
            var stored = await store.GetXComAsync(run.Key, id, XComKeys.ReturnValue, ct);
            var output = stored is null ? null : PiiXComDisplay.Mask([stored], PiiColumns.Of(catalog.Dags.Values))[0];
            if (quiet)
            {
                var fields = RunReport.TaskFields(ended);
                fields["dag_id"] = run.DagId;
                fields["run_id"] = run.RunId;
                fields["return_value"] = output is null ? null : JsonDocument.Parse(output.Json).RootElement;
                await env.Out.WriteLineAsync(JsonSerializer.Serialize(fields, CliJson.Options));
            }
            else if (output is not null)
            {
                await env.Out.WriteLineAsync($"Return value: {output.Json}");
            }

            return ended.State is TaskInstanceState.Success or TaskInstanceState.Skipped ? ExitCodes.Success : ExitCodes.RunFailed;
        });
        return command;
    }

    private static async Task<TaskInstance> RunOneTryAsync(DagGraph graph, IRunStore runs, RunKey key, string taskId, TimeProvider time,
        string hostname, TryPipeline tries, CancellationToken ct)
    {
        await runs.UpdateRunAsync(key, s => RunProgression.Start(s, time.GetUtcNow()), ct);
        await runs.UpdateRunAsync(key, s => new RunChanges([s.Tasks[taskId] with { State = TaskInstanceState.Scheduled }]), ct);
        var claimed = await runs.UpdateRunAsync(key, s => RunProgression.Claim(s, taskId, hostname, time.GetUtcNow()), ct);
        var task = claimed.Tasks[taskId];
        var outcome = await tries.InvokeAsync(graph, claimed.Run, task, ct);
        var after = await runs.UpdateRunAsync(key, s => RunProgression.Complete(graph, s, taskId, task.TryNumber, outcome, time.GetUtcNow()), ct);
        tries.TryEnded(new TryEnd(graph, after, taskId, task.TryNumber, TryEndedBy.Runner));
        return after.Tasks[taskId];
    }

    private static Dictionary<string, string> ReadXComFile(FileInfo? file, TaskNode node)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (file is not null)
        {
            if (!file.Exists)
            {
                throw new CliError($"--xcom-from-file: {file.FullName} does not exist.");
            }

            try
            {
                using var document = JsonDocument.Parse(File.ReadAllText(file.FullName));
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw new CliError($"--xcom-from-file: {file.Name} must hold a JSON object mapping upstream task ids to values, e.g. {{\"extract_orders\": {{...}}}}.");
                }

                foreach (var property in document.RootElement.EnumerateObject())
                {
                    values[property.Name] = property.Value.GetRawText();
                }
            }
            catch (JsonException e)
            {
                throw new CliError($"--xcom-from-file: {file.Name} is not valid JSON: {e.Message}");
            }
        }

        var missing = node.Definition.Inputs.Select(i => i.TaskId).Where(id => !values.ContainsKey(id)).ToList();
        if (missing.Count > 0)
        {
            throw new CliError($"Task '{node.Id}' receives the return value of {string.Join(", ", missing.Select(m => $"'{m}'"))}. " +
                               $"Pass it with --xcom-from-file FILE, where FILE holds {{\"{missing[0]}\": <value as JSON>}}.");
        }

        return values;
    }
}
