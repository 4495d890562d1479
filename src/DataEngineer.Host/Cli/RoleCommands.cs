using System.CommandLine;
using DataEngineer.Core.Execution;
using DataEngineer.Core.Validation;
using DataEngineer.Host.Hosting;

namespace DataEngineer.Host.Cli;

/// <summary>
/// The long-running roles: <c>standalone</c> (also what runs with no verb), <c>scheduler</c>,
/// <c>worker [--queues a,b] [--concurrency N]</c> and <c>webserver [--port P]</c>. Run any number of
/// each against one <c>ConnectionStrings__Metadata</c>.
/// </summary>
internal static class RoleCommands
{
    public const int DefaultPort = 8080;

    /// <summary>Makes the root command run standalone, with the standalone options.</summary>
    public static void AttachStandalone(RootCommand root, CliEnvironment env) => Configure(root, env, EngineRoles.Standalone);

    public static Command Create(CliEnvironment env, string name, EngineRoles roles, string description)
    {
        var command = new Command(name, description);
        Configure(command, env, roles);
        return command;
    }

    private static void Configure(Command command, CliEnvironment env, EngineRoles roles)
    {
        var queues = new Option<string>("--queues") { Description = "Comma-separated queues this worker serves.", DefaultValueFactory = _ => TaskSettings.DefaultQueue };
        var concurrency = new Option<int>("--concurrency") { Description = "Task tries this worker runs at once.", DefaultValueFactory = _ => 16 };
        var port = new Option<int>("--port") { Description = "Port of the web host (on DataEngineer:Web:ListenAddress, 127.0.0.1 by default).", DefaultValueFactory = _ => DefaultPort };
        if (roles.HasFlag(EngineRoles.Worker))
        {
            command.Options.Add(queues);
            command.Options.Add(concurrency);
        }

        if (roles.HasFlag(EngineRoles.Web))
        {
            command.Options.Add(port);
        }

        command.SetAction(async (result, ct) =>
        {
            var worker = new WorkerOptions();
            if (roles.HasFlag(EngineRoles.Worker))
            {
                worker = worker with { Queues = ParseQueues(result.GetValue(queues)!), Concurrency = CheckRange("--concurrency", result.GetValue(concurrency), 1, 1000) };
            }

            var web = roles.HasFlag(EngineRoles.Web) ? CheckRange("--port", result.GetValue(port), 1, 65535) : 0;
            return await EngineHost.RunAsync(env, new EngineHostOptions(roles, worker, web), ct);
        });
    }

    private static HashSet<string> ParseQueues(string text)
    {
        var queues = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var bad = queues.Where(q => !Identifiers.IsValidQueue(q)).ToList();
        if (queues.Count == 0 || bad.Count > 0)
        {
            throw new CliError($"--queues '{text}': give comma-separated queue names of {Identifiers.QueueRule}, e.g. --queues default,heavy.");
        }

        return queues;
    }

    private static int CheckRange(string option, int value, int min, int max) =>
        value >= min && value <= max ? value : throw new CliError($"{option} {value}: give a number between {min} and {max}.");
}
