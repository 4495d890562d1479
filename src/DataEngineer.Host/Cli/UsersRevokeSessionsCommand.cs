using System.CommandLine;
using DataEngineer.Host.Hosting;
using DataEngineer.Ui.Security;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataEngineer.Host.Cli;

/// <summary>
/// <c>users revoke-sessions &lt;user&gt;</c>: ends every session of a web user (open pages stop within seconds, copied
/// cookies are refused), audited as done by <c>cli:&lt;OS user&gt;</c>. Whoever can run this reaches the metadata database.
/// </summary>
internal static class UsersRevokeSessionsCommand
{
    public static Command Create(CliEnvironment env)
    {
        var user = new Argument<string>("user") { Description = "The user name whose sessions end." };
        var command = new Command("revoke-sessions", "End every web session of a user: open pages stop acting and copied cookies are refused.") { user };
        command.SetAction(async (result, ct) =>
        {
            var name = result.GetValue(user);
            if (UserNames.Problem(name) is { } problem)
            {
                throw new CliError(problem);
            }

            await using var metadata = await MetadataConnection.OpenAsync(env.Configuration, ct);
            var stamps = new SessionStamps(metadata.Sessions, metadata.Store, TimeProvider.System, NullLogger<SessionStamps>.Instance);
            await stamps.RevokeAsync($"cli:{Environment.UserName}", name!.Trim(), ct);
            await env.Out.WriteLineAsync($"Every session of '{name.Trim()}' ended: their open pages stop within {SessionRevalidation.Interval.TotalSeconds:0} s; they can log in again.");
            return ExitCodes.Success;
        });
        return command;
    }
}
