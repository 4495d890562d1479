using System.CommandLine;
using DataEngineer.Core.Alerts;
using DataEngineer.Core.Execution;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Host.Hosting;
using DataEngineer.Host.Settings;
using DataEngineer.Sdk;
using Microsoft.Extensions.Logging.Abstractions;
using Spectre.Console;

namespace DataEngineer.Host.Cli;

/// <summary>
/// <c>dags test &lt;dag_id&gt; [--date] [--conf] [--var KEY=VALUE]... [--json]</c>: one full run in this process —
/// dependencies, trigger rules, retries with their delays, timeouts and XCom — against the
/// configured (or managed local) warehouse, with no scheduler; the run is kept in memory, and the tasks read
/// variables as <see cref="TestVariables"/> says. Its tries go through the worker's try pipeline: masked logs and errors,
/// data observations, callbacks, and alerts decided as a worker decides them but printed, not sent (<see cref="UnsentAlerts"/>).
/// </summary>
internal static class DagsTestCommand
{
    public static Command Create(CliEnvironment env)
    {
        var dagId = new Argument<string>("dag_id") { Description = "The DAG to run." };
        var date = new Option<string?>("--date") { Description = "Logical date: YYYY-MM-DD (midnight in the DAG's time zone) or an ISO 8601 instant. The run covers the first scheduled interval starting at or after it. Default: today." };
        var conf = new Option<string?>("--conf") { Description = "Run conf, a JSON object bound to the DAG's params." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object with the run and its tasks, and nothing else." };
        var vars = TestVariables.CreateOption();
        var command = new Command("test", "Run a DAG once in this process and report each task.") { dagId, date, conf, vars, json };
        command.SetAction(async (result, ct) =>
        {
            var catalog = DagSource.Load(env);
            var graph = catalog.Get(result.GetValue(dagId)!);
            if (graph.TopologicalOrder.Where(Approvals.IsApproval).Select(t => t.Id).ToList() is { Count: > 0 } approvals)
            {
                throw new CliError($"DAG '{graph.DagId}' has approval task(s) {string.Join(", ", approvals.Select(a => $"'{a}'"))}, which wait for a person's decision: " +
                    "dags test cannot decide them. Test the other tasks with 'tasks test', or trigger a real run and decide with 'tasks approve|reject'.");
            }

            var time = TimeProvider.System;
            var interval = graph.Timetable.ManualInterval(RunDate.Parse(result.GetValue(date), graph, time));
            var runConf = ParseConf(result.GetValue(conf), graph.Definition.ParamsType);
            var quiet = result.GetValue(json);
            var console = CliConsole.For(env);

            await using var connections = await TaskConnections.ResolveAsync(env.Configuration, ct);
            var store = new InMemoryMetadataStore();
            await using var variables = await TestVariables.LoadAsync(env, store, result.GetValue(vars) ?? [], ct);
            var (run, tasks) = DagRunFactory.Create(graph, DagRunType.Manual, interval, runConf, time.GetUtcNow());
            await store.CreateRunAsync(run, tasks, ct);
            if (!quiet)
            {
                console.MarkupLine($"Running [bold]{Markup.Escape(graph.DagId)}[/] for {Markup.Escape(interval.ToString())} (version {graph.Version})");
            }

            // The worker's pipeline, with its callbacks and alerts; the terminal's progress is one more filter.
            var options = StartupSettings.Read<EngineOptions>(env.Configuration).Runtime(connections.Registry) with { VariableCipher = variables.Cipher };
            using var http = new HttpClient();
            await using var notifier = new TryEndNotifier(new UnsentAlerts(quiet ? null : console), store, store, AlertingOptions.Read(env.Configuration, http).Routing,
                NullLogger<TryEndNotifier>.Instance);
            ITryFilter[] more = quiet ? [notifier] : [notifier, new ConsoleRunObserver(console, graph.TopologicalOrder.Max(t => t.Id.Length))];
            var tries = TryPipeline.Standard(store, time, options, new StaticDagRegistry(catalog), NullLogger.Instance, more);
            var final = await new LocalDagRunner(store, time, options, tries).RunAsync(graph, run.Key, ct);
            await notifier.DrainAsync();

            var order = graph.TopologicalOrder.Select(t => t.Id).ToList();
            if (quiet)
            {
                await env.Out.WriteLineAsync(RunReport.Json(final, order));
            }
            else
            {
                RunReport.Table(console, final, order);
            }

            return final.Run.State == DagRunState.Success ? ExitCodes.Success : ExitCodes.RunFailed;
        });
        return command;
    }

    public static RunConf ParseConf(string? json, Type? paramsType)
    {
        try
        {
            return RunConf.Parse(json, paramsType);
        }
        catch (RunConfException e)
        {
            throw new CliError($"--conf: {e.Message}");
        }
    }
}
