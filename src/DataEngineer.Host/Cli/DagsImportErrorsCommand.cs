using System.CommandLine;
using System.Text.Json;
using DataEngineer.Host.Hosting;

namespace DataEngineer.Host.Cli;

/// <summary>
/// <c>dags list-import-errors [-o table|json]</c>: the DAG files, classes and assemblies that failed to
/// load, with file, line and message. Exits 1 when there are any, so a CI step can run it.
/// </summary>
internal static class DagsImportErrorsCommand
{
    public static Command Create(CliEnvironment env)
    {
        var command = new Command("list-import-errors", "List the DAG files that failed to load (compile errors, invalid DAGs, duplicate ids); exit 1 if any.");
        var output = OutputOption.AddTo(command, jsonAlias: true);
        command.SetAction(result =>
        {
            var errors = DagSource.Load(env).Errors;
            if (output.IsJson(result))
            {
                env.Out.WriteLine(JsonSerializer.Serialize(errors.Select(e => new { source = e.Source, line = e.Line, dag_id = e.DagId, message = e.Message }), CliJson.Options));
            }
            else if (errors.Count == 0)
            {
                env.Out.WriteLine("No import errors.");
            }
            else
            {
                foreach (var error in errors)
                {
                    env.Out.WriteLine(error.ToString());
                }
            }

            return errors.Count == 0 ? ExitCodes.Success : ExitCodes.RunFailed;
        });
        return command;
    }
}
