using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Spectre.Console;

namespace DataEngineer.Host.Cli;

/// <summary>
/// <c>config list [-o table|json]</c>: the settings this process would run with (appsettings.json, environment
/// variables), under <c>ConnectionStrings</c>, <c>DataEngineer</c>, <c>Logging</c>, <c>DATAENGINEER_*</c> and
/// <c>OTEL_*</c>, with secrets masked (<see cref="ConfigValueMask"/>). Reads no database.
/// </summary>
internal static class ConfigListCommand
{
    private static readonly string[] Prefixes = ["ConnectionStrings:", "DataEngineer:", "Logging:", "DATAENGINEER_", "OTEL_"];

    public static Command Create(CliEnvironment env)
    {
        var command = new Command("list", "List the settings in effect (appsettings.json and environment variables), secrets shown as ***.");
        var output = OutputOption.AddTo(command);
        command.SetAction(async (result, _) =>
        {
            var settings = env.Configuration.AsEnumerable()
                .Where(s => s.Value is not null && Prefixes.Any(p => s.Key.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
                .Select(s => (s.Key, Value: ConfigValueMask.Show(s.Key, s.Value!)))
                .OrderBy(s => s.Key, StringComparer.OrdinalIgnoreCase)
                .ToList();
            if (output.IsJson(result))
            {
                await env.Out.WriteLineAsync(JsonSerializer.Serialize(settings.ToDictionary(s => s.Key, s => s.Value), CliJson.Options));
                return ExitCodes.Success;
            }

            var table = new Table().AddColumns("key", "value");
            foreach (var (key, value) in settings)
            {
                table.AddRow(Markup.Escape(key), Markup.Escape(value));
            }

            CliConsole.For(env).Write(table);
            return ExitCodes.Success;
        });
        return command;
    }
}
