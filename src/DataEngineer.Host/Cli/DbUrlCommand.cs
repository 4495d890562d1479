using System.CommandLine;

namespace DataEngineer.Host.Cli;

/// <summary>
/// <c>db url [--warehouse] [--show-password]</c>: prints the metadata (or warehouse) database's connection URI for psql
/// and other tools, its password masked unless <c>--show-password</c>.
/// </summary>
internal static class DbUrlCommand
{
    public static Command Create(CliEnvironment env)
    {
        var warehouse = DbTarget.CreateOption();
        var showPassword = new Option<bool>("--show-password") { Description = "Print the password instead of masking it (it ends up in your terminal's scrollback)." };
        var command = new Command("url", "Print the metadata database's connection URI (postgresql://...), the password masked unless --show-password.") { warehouse, showPassword };
        command.SetAction(async (result, ct) =>
        {
            await using var target = await DbTarget.OpenAsync(env, result.GetValue(warehouse), ct);
            await env.Out.WriteLineAsync(PostgresUri.Of(target.Connection, result.GetValue(showPassword)));
            if (target.Transience is { } note)
            {
                await env.Error.WriteLineAsync(note);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
