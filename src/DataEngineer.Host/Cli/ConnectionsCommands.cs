using System.CommandLine;
using System.Text.Json;
using DataEngineer.Host.Hosting;
using DataEngineer.Sdk;
using Spectre.Console;

namespace DataEngineer.Host.Cli;

/// <summary>
/// <c>connections list [-o table|json] | get &lt;name&gt; | test &lt;name&gt;</c>: the connections tasks get, from every source
/// (<see cref="ConnectionSources"/>) plus standalone's managed warehouse. Passwords are always shown as <c>***</c>.
/// </summary>
internal static class ConnectionsCommands
{
    public static Command Create(CliEnvironment env) => new("connections", "The connections tasks use: list, show and test them (passwords are masked).")
    {
        List(env),
        Get(env),
        ConnectionTestCommand.Create(env),
    };

    private static Command List(CliEnvironment env)
    {
        var command = new Command("list", "List the connections tasks can use, from configuration, DATAENGINEER_CONN_* and secret files.");
        var output = OutputOption.AddTo(command);
        command.SetAction(async (result, ct) =>
        {
            await using var connections = await TaskConnections.ResolveAsync(env.Configuration, ct);
            if (output.IsJson(result))
            {
                await env.Out.WriteLineAsync(JsonSerializer.Serialize(connections.Registry.All.Select(c => new
                {
                    name = c.Name,
                    kind = c.Kind,
                    host = c.Host,
                    port = c.Port,
                    database = c.Database,
                    login = c.Login,
                    password = c.Password is null ? null : "***",
                    extras = c.Extras.ToDictionary(e => e.Key, e => Core.Governance.SensitiveNames.IsSensitive(e.Key) ? "***" : e.Value),
                }), CliJson.Options));
                return ExitCodes.Success;
            }

            var table = new Table().AddColumns("name", "kind", "host", "port", "database", "login", "password", "extras");
            foreach (var c in connections.Registry.All)
            {
                table.AddRow(
                    Markup.Escape(c.Name), Markup.Escape(c.Kind), Markup.Escape(c.Host ?? ""), c.Port?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
                    Markup.Escape(c.Database ?? ""), Markup.Escape(c.Login ?? ""), c.Password is null ? "" : "***", Markup.Escape(string.Join(", ", c.Extras.Keys)));
            }

            CliConsole.For(env).Write(table);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Get(CliEnvironment env)
    {
        var name = new Argument<string>("name") { Description = "The connection's name (case is ignored)." };
        var command = new Command("get", "Show one connection, its password masked.") { name };
        command.SetAction(async (result, ct) =>
        {
            await using var connections = await TaskConnections.ResolveAsync(env.Configuration, ct);
            var c = connections.Registry.Get(result.GetValue(name)!);
            await env.Out.WriteLineAsync(Describe(c));
            return ExitCodes.Success;
        });
        return command;
    }

    public static string Describe(Connection c) => string.Join(Environment.NewLine,
    [
        $"name:     {c.Name}",
        $"kind:     {c.Kind}",
        $"host:     {c.Host}",
        $"port:     {c.Port}",
        $"database: {c.Database}",
        $"login:    {c.Login}",
        $"password: {(c.Password is null ? "" : "***")}",
        $"extras:   {string.Join(", ", c.Extras.Select(e => $"{e.Key}={(Core.Governance.SensitiveNames.IsSensitive(e.Key) ? "***" : e.Value)}"))}",
        $"uri:      {c}",
    ]);
}
