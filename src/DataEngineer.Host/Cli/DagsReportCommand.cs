using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using DataEngineer.Execution.Loading;
using DataEngineer.Host.Hosting;
using Spectre.Console;

namespace DataEngineer.Host.Cli;

/// <summary>
/// <c>dags report [-o table|json]</c> (Airflow's <c>dags report</c>): each unit of the DAGs folder with its load time in
/// this process (compile or compiled-unit cache, and assembly load), DAG count, task count and import errors, slowest first.
/// </summary>
internal static class DagsReportCommand
{
    public static Command Create(CliEnvironment env)
    {
        var command = new Command("report", "Per file (or folder) of the DAGs folder: load time, DAGs, tasks and import errors, slowest first.");
        var output = OutputOption.AddTo(command);
        command.SetAction(result =>
        {
            if (DagSource.Open(env) is not DagFolderRegistry registry)
            {
                throw new CliError("dags report describes a DAGs folder, and none is configured: pass --dags-folder PATH or set DataEngineer:DagsFolder.");
            }

            var report = registry.Report;
            if (output.IsJson(result))
            {
                env.Out.WriteLine(JsonSerializer.Serialize(new
                {
                    folder = registry.Folder,
                    units = report.Select(r => new
                    {
                        file = r.Unit,
                        load_ms = Math.Round(r.LoadTime.TotalMilliseconds, 1),
                        from_cache = r.FromCache,
                        dags = r.Dags.Count,
                        tasks = r.Dags.Sum(d => d.Tasks),
                        dag_ids = r.Dags.Select(d => d.DagId),
                        import_errors = r.ImportErrors,
                    }),
                }, CliJson.Options));
                return ExitCodes.Success;
            }

            var table = new Table().AddColumns("file", "load time", "cached", "DAGs", "tasks", "dag ids", "import errors");
            foreach (var r in report)
            {
                table.AddRow(Markup.Escape(r.Unit), r.LoadTime.TotalMilliseconds.ToString("0.0 ms", CultureInfo.InvariantCulture), r.FromCache ? "yes" : "no",
                    r.Dags.Count.ToString(CultureInfo.InvariantCulture), r.Dags.Sum(d => d.Tasks).ToString(CultureInfo.InvariantCulture),
                    Markup.Escape(string.Join(", ", r.Dags.Select(d => d.DagId))), r.ImportErrors.ToString(CultureInfo.InvariantCulture));
            }

            CliConsole.For(env).Write(table);
            env.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{report.Count} files, {report.Sum(r => r.Dags.Count)} DAGs, {report.Sum(r => r.ImportErrors)} import errors in {registry.Folder}; {report.Sum(r => r.LoadTime.TotalMilliseconds):0} ms of loading in all."));
            return ExitCodes.Success;
        });
        return command;
    }
}
