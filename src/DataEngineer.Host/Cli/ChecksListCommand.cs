using System.CommandLine;
using System.Text.Json;
using DataEngineer.Host.Hosting;
using Spectre.Console;

namespace DataEngineer.Host.Cli;

/// <summary><c>checks list &lt;run_id&gt; [--dag D] [-o table|json]</c>: the quality check results of a run.</summary>
internal static class ChecksListCommand
{
    public static Command Create(CliEnvironment env)
    {
        var runId = new Argument<string>("run_id") { Description = "The run, e.g. scheduled__2024-01-01T02:00:00Z." };
        var dag = new Option<string?>("--dag") { Description = "The DAG, when several DAGs have a run with this id." };
        var command = new Command("list", "List the quality check results of a run, with failing counts and samples.") { runId, dag };
        var output = OutputOption.AddTo(command, jsonAlias: true);
        command.SetAction(async (result, ct) =>
        {
            await using var metadata = await MetadataConnection.OpenAsync(env.Configuration, ct);
            var snapshot = await RunLookup.FindAsync(env, metadata.Store, metadata.Store, result.GetValue(runId)!, result.GetValue(dag), ct);
            var checks = await metadata.Store.ListCheckResultsAsync(snapshot.Run.Key, ct);
            if (output.IsJson(result))
            {
                await env.Out.WriteLineAsync(JsonSerializer.Serialize(checks.Select(c => new
                {
                    dag_id = c.DagId, run_id = c.RunId, task_id = c.TaskId, @try = c.TryNumber, name = c.Name, kind = c.Kind, severity = c.Severity,
                    target = c.Target, passed = c.Passed, failing_count = c.FailingCount, sample = JsonDocument.Parse(c.SampleJson).RootElement,
                }), CliJson.Options));
                return ExitCodes.Success;
            }

            if (checks.Count == 0)
            {
                await env.Out.WriteLineAsync($"Run {snapshot.Run.RunId} of {snapshot.Run.DagId} recorded no quality checks.");
                return ExitCodes.Success;
            }

            var table = new Table().AddColumns("task", "try", "check", "kind", "severity", "target", "result", "sample");
            foreach (var c in checks)
            {
                var outcome = c.Passed ? "[green]passed[/]" : c.Severity == "error" ? $"[red]{c.FailingCount:N0} failing[/]" : $"[yellow]{c.FailingCount:N0} failing[/]";
                var sample = JsonDocument.Parse(c.SampleJson).RootElement.EnumerateArray().Take(2).Select(e => e.GetRawText());
                table.AddRow(Markup.Escape(c.TaskId), $"{c.TryNumber}", Markup.Escape(c.Name), c.Kind, c.Severity, Markup.Escape(c.Target), outcome, Markup.Escape(string.Join(" ", sample)));
            }

            CliConsole.For(env).Write(table);
            return ExitCodes.Success;
        });
        return command;
    }
}
