using System.CommandLine;
using DataEngineer.Ui.Security;

namespace DataEngineer.Host.Cli;

/// <summary>
/// <c>users hash-password</c>: reads a password from standard input (not the command line, which shells keep
/// in their history) and prints the hash to put in <c>DataEngineer:Web:Users:&lt;name&gt;:PasswordHash</c>.
/// </summary>
internal static class UsersHashPasswordCommand
{
    public static Command Create(CliEnvironment env)
    {
        var command = new Command("hash-password", "Read a password from standard input and print its hash for DataEngineer:Web:Users:<name>:PasswordHash.");
        command.SetAction(async (_, ct) =>
        {
            var password = await Console.In.ReadLineAsync(ct);
            if (string.IsNullOrEmpty(password))
            {
                throw new CliError("No password on standard input. Pipe one in: read -s PW; echo \"$PW\" | dataengineer users hash-password");
            }

            await env.Out.WriteLineAsync(UserDirectory.Hash(password));
            return ExitCodes.Success;
        });
        return command;
    }
}
