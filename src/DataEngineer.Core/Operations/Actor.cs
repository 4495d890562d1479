using System.Security.Claims;

namespace DataEngineer.Core.Operations;

/// <summary>Who asks for an action, as the audit log records it, and their role.</summary>
public sealed record Actor(string Name, Role? Role)
{
    public static Actor Of(ClaimsPrincipal user) => new(user.Identity?.IsAuthenticated == true ? user.Identity.Name ?? "unknown" : "anonymous", Roles.Of(user));

    /// <summary>
    /// A person at the command line: whoever can reach the metadata database with its credentials may do anything,
    /// so the CLI acts as admin and the audit log names the OS user.
    /// </summary>
    public static Actor Cli() => new($"cli:{Environment.UserName}", Operations.Role.Admin);
}
