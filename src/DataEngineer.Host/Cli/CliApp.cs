using System.CommandLine;
using DataEngineer.Core.Connections;
using DataEngineer.Core.Execution;
using DataEngineer.Core.Loading;
using DataEngineer.Host.Hosting;
using DataEngineer.Postgres.Local;
using DataEngineer.Postgres.Metadata;
using DataEngineer.Sdk;
using DataEngineer.Core.Operations;
using Microsoft.Extensions.Options;

namespace DataEngineer.Host.Cli;

/// <summary>The <c>dataengineer</c> command line: builds the verbs, runs one, and turns user errors into messages and exit codes.</summary>
internal static class CliApp
{
    // The verbs that load DAG files (to find a DAG, a task's code or a run's DAG); no other verb takes --dags-folder.
    private static readonly string[] ReadDagsFolder =
    [
        "dags list", "dags list-import-errors", "dags report", "dags show", "dags test", "dags trigger", "dags pause", "dags unpause", "dags backfill",
        "backfill pause", "backfill resume", "backfill cancel",
        "tasks test", "tasks clear", "tasks logs", "tasks state", "tasks approve", "tasks reject",
        "runs list", "runs clear", "runs mark", "runs cancel",
        "checks list", "watermarks list", "watermarks reset",
        "standalone", "scheduler", "worker", "webserver",
    ];

    public static async Task<int> RunAsync(string[] args, CliEnvironment env)
    {
        if (env.ConfigurationProblem is { } problem)
        {
            await env.Error.WriteLineAsync($"error: {problem}");
            return ExitCodes.UsageError;
        }

        // No response files: '@daily' is a schedule preset, not a file of arguments.
        var configuration = new ParserConfiguration { ResponseFileTokenReplacer = null };
        var (root, dagsFolder) = Build(env);
        var parsed = root.Parse(args, configuration);
        if (parsed.Errors.Count == 0 && parsed.GetValue(dagsFolder) is { } folder)
        {
            // The option overrides DataEngineer:DagsFolder for everything the verb does, including hosts it starts.
            (root, _) = Build(env.WithSetting(DagSource.FolderKey, folder));
            parsed = root.Parse(args, configuration);
        }

        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await env.Error.WriteLineAsync($"error: {ParseErrorText.Describe(error.Message)}");
            }

            var command = string.Join(' ', parsed.CommandResult.Command.Name == root.Name ? [] : CommandPath(parsed.CommandResult));
            await env.Error.WriteLineAsync($"Run 'dataengineer {command}{(command.Length > 0 ? " " : "")}--help' for usage.");
            return ExitCodes.UsageError;
        }

        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            var code = await parsed.InvokeAsync(new InvocationConfiguration { Output = env.Out, Error = env.Error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null }, cancel.Token);
            // A verb that ended its work cleanly after Ctrl+C (a run whose tries recorded their cancellation) was still interrupted.
            return cancel.IsCancellationRequested ? ExitCodes.Interrupted : code;
        }
        catch (Exception e) when (UserMessage(e) is { } message)
        {
            await env.Error.WriteLineAsync($"error: {message}");
            return e switch
            {
                CliError cli => cli.ExitCode,
                // Not a usage error: the same command works once the schema is migrated (or the binary upgraded).
                SchemaVersionException => ExitCodes.RunFailed,
                _ => ExitCodes.UsageError,
            };
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            await env.Error.WriteLineAsync("Cancelled.");
            return ExitCodes.Interrupted;
        }
        catch (Exception e)
        {
            await env.Error.WriteLineAsync($"error: unexpected {e.GetType().Name}: {e.Message} (an internal error: please report it with the command you ran)");
            return ExitCodes.InternalError;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static (RootCommand Root, Option<string> DagsFolder) Build(CliEnvironment env)
    {
        var dagsFolder = new Option<string>("--dags-folder")
        {
            Description = "The folder of DAG files to load (overrides DataEngineer:DagsFolder; default ./dags when it exists).",
        };
        var root = new RootCommand("DataEngineer: an Airflow-class workflow orchestrator for .NET.")
        {
            new Command("dags", "List, show, test, trigger, pause, backfill and delete DAGs.")
            {
                DagsListCommand.Create(env),
                DagsImportErrorsCommand.Create(env),
                DagsReportCommand.Create(env),
                DagsShowCommand.Create(env),
                DagsTestCommand.Create(env),
                DagsTriggerCommand.Create(env),
                DagsPauseCommand.Create(env, pause: true),
                DagsPauseCommand.Create(env, pause: false),
                DagsBackfillCommand.Create(env),
                DagsDeleteCommand.Create(env),
            },
            BackfillCommands.Create(env),
            new Command("tasks", "Test, clear, approve or reject, read the logs and the state of tasks.")
            {
                TasksTestCommand.Create(env),
                TasksClearCommand.Create(env),
                TasksLogsCommand.Create(env),
                TasksStateCommand.Create(env),
                TasksFailedDepsCommand.Create(env),
                TasksDecideCommand.Create(env, approve: true),
                TasksDecideCommand.Create(env, approve: false),
            },
            new Command("runs", "Inspect DAG runs and act on them: clear, mark, cancel.")
            {
                RunsListCommand.Create(env),
                RunsClearCommand.Create(env),
                RunsMarkCommand.Create(env),
                RunsCancelCommand.Create(env),
            },
            new Command("datasets", "Datasets: catalog, lineage, row counts, freshness, SLA state, schema versions.")
            {
                DatasetsListCommand.Create(env),
                DatasetsShowCommand.Create(env),
                DatasetsLineageCommand.Create(env),
            },
            new Command("checks", "Quality check results.")
            {
                ChecksListCommand.Create(env),
            },
            new Command("watermarks", "High-water marks of incremental extracts.")
            {
                WatermarksListCommand.Create(env),
                WatermarksResetCommand.Create(env),
            },
            new Command("alerts", "List recorded alerts and test alert channels.")
            {
                AlertsListCommand.Create(env),
                AlertsTestCommand.Create(env),
            },
            ConnectionsCommands.Create(env),
            Mcp.McpCommand.Create(env),
            PoolsCommands.Create(env),
            new Command("config", "The settings in effect.")
            {
                ConfigListCommand.Create(env),
            },
            VariablesCommands.Create(env),
            new Command("db", "Manage the metadata database.")
            {
                DbMigrateCommand.Create(env),
                DbCheckMigrationsCommand.Create(env),
                DbCleanCommand.Create(env),
                DbUrlCommand.Create(env),
                DbShellCommand.Create(env),
            },
            new Command("schedule", "Debug schedules.")
            {
                ScheduleNextCommand.Create(env),
            },
            new Command("users", "Web users.")
            {
                UsersHashPasswordCommand.Create(env),
                UsersRevokeSessionsCommand.Create(env),
            },
            new Command("health", "Check that this host's engine processes are alive.")
            {
                HealthCheckCommand.Create(env),
            },
            InitCommand.Create(env),
            RoleCommands.Create(env, "standalone", EngineRoles.Standalone, "Run scheduler, worker and web host in one process (the default with no verb)."),
            RoleCommands.Create(env, "scheduler", EngineRoles.Scheduler, "Run a scheduler: creates runs on schedule, starts and queues work, retries, reaps dead tries."),
            RoleCommands.Create(env, "worker", EngineRoles.Worker, "Run a worker: runs task tries from its queues."),
            RoleCommands.Create(env, "webserver", EngineRoles.Web, "Run the web host."),
        };
        RoleCommands.AttachStandalone(root, env);
        root.Options.Add(dagsFolder);
        foreach (var path in ReadDagsFolder)
        {
            path.Split(' ').Aggregate((Command)root, (parent, name) => parent.Subcommands.Single(c => c.Name == name)).Options.Add(dagsFolder);
        }

        return (root, dagsFolder);
    }

    private static string? UserMessage(Exception e) => e switch
    {
        CliError or UnknownDagException or PostgresUnavailableException or LocalPostgresException or BackfillException or LogicalDateException
            or UnknownConnectionException or OperationException or SchemaVersionException => e.Message,
        RunConfException => $"--conf: {e.Message}",
        // A setting that fails its options' validation: each failure names its key, the bad value and the fix.
        OptionsValidationException settings => string.Join($"{Environment.NewLine}error: ", settings.Failures),
        _ => null,
    };

    private static IEnumerable<string> CommandPath(System.CommandLine.Parsing.SymbolResult? result)
    {
        var names = new Stack<string>();
        for (var r = result; r is System.CommandLine.Parsing.CommandResult command && command.Parent is not null; r = r.Parent)
        {
            names.Push(command.Command.Name);
        }

        return names;
    }
}
