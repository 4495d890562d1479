using System.CommandLine;

namespace DataEngineer.Host.Cli;

/// <summary>
/// <c>init &lt;folder&gt; [--name]</c>: writes a ready DAG project into a new or empty folder — a project referencing the
/// Sdk packages at this tool's own version, one example DAG, a unit-test project, editor and git settings and a
/// README — so a team's DAGs live outside this repository with IntelliSense and tests from the first minute.
/// </summary>
internal static class InitCommand
{
    public static Command Create(CliEnvironment env)
    {
        var folder = new Argument<string>("folder") { Description = "The new project's folder: created if missing, refused if not empty." };
        var name = new Option<string?>("--name") { Description = "The project name (a C# identifier, e.g. SalesDags). Default: from the folder name." };
        var command = new Command("init", "Create a DAG project (DAGs folder, project file, tests) in a new folder.") { folder, name };
        command.SetAction(async (result, ct) =>
        {
            var target = Path.GetFullPath(result.GetValue(folder)!);
            var project = DagProjectTemplate.For(result.GetValue(name) ?? Path.GetFileName(target.TrimEnd(Path.DirectorySeparatorChar)), HostVersion.Package);
            if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).FirstOrDefault() is { } existing)
            {
                throw new CliError($"'{target}' is not empty (it has '{Path.GetFileName(existing)}'). init writes a new project and never overwrites files: give it a new or empty folder.");
            }

            foreach (var (path, text) in project.Files)
            {
                var file = Path.Combine(target, path);
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                await File.WriteAllTextAsync(file, text, ct);
            }

            await env.Out.WriteLineAsync($"""
                Created the DAG project {project.Name} in {target} (DataEngineer.Sdk {project.SdkVersion}).
                  cd {target}
                  dotnet build                                   # the project your editor opens (DAGs in dags/)
                  dotnet test tests                              # unit tests of the example DAG's tasks
                  dataengineer dags test {project.DagId} --dags-folder dags    # one full run in this process
                  dataengineer --dags-folder dags                # standalone: scheduler, worker and web UI on this folder
                """);
            return ExitCodes.Success;
        });
        return command;
    }
}
