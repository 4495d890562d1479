using System.CommandLine;
using System.Text.Json;
using DataEngineer.Core.Scheduling;
using DataEngineer.Host.Hosting;
using Spectre.Console;

namespace DataEngineer.Host.Cli;

/// <summary><c>dags list [-o table|json]</c>: the loaded DAGs and any import errors.</summary>
internal static class DagsListCommand
{
    public static Command Create(CliEnvironment env)
    {
        var command = new Command("list", "List the loaded DAGs and any DAG import errors.");
        var output = OutputOption.AddTo(command, jsonAlias: true);
        command.SetAction(result =>
        {
            var catalog = DagSource.Load(env);
            var dags = catalog.Dags.Values.OrderBy(d => d.DagId, StringComparer.Ordinal).ToList();
            if (output.IsJson(result))
            {
                var rows = dags.Select(d => new
                {
                    dag_id = d.DagId,
                    description = d.Options.Description,
                    owner = d.Options.Owner,
                    tags = d.Options.Tags,
                    schedule = d.Options.Schedule,
                    schedule_on = d.Options.ScheduleOn?.ToString(),
                    timezone = d.Options.TimeZone,
                    catchup = d.Options.Catchup,
                    tasks = d.TopologicalOrder.Count,
                    version = d.Version,
                });
                env.Out.WriteLine(JsonSerializer.Serialize(new { dags = rows, import_errors = catalog.Errors.Select(e => new { source = e.Source, dag_id = e.DagId, message = e.Message }) }, CliJson.Options));
                return ExitCodes.Success;
            }

            var console = CliConsole.For(env);
            var table = new Table().AddColumns("dag_id", "schedule", "owner", "tags", "tasks", "description");
            foreach (var d in dags)
            {
                table.AddRow(Markup.Escape(d.DagId), Markup.Escape(ScheduleDescription.Of(d.Timetable, d.Options.ScheduleOn)), Markup.Escape(d.Options.Owner ?? ""),
                    Markup.Escape(string.Join(", ", d.Options.Tags)), d.TopologicalOrder.Count.ToString(), Markup.Escape(d.Options.Description ?? ""));
            }

            console.Write(table);
            foreach (var error in catalog.Errors)
            {
                env.Error.WriteLine($"import error: {error}");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
