using System.Security.Claims;
using DataEngineer.Ui.Security;

namespace DataEngineer.Ui.Operations;

/// <summary>Who asks for an action, as the audit log records it, and their role.</summary>
public sealed record Actor(string Name, UiRole? Role)
{
    public static Actor Of(ClaimsPrincipal user) => new(user.Identity?.IsAuthenticated == true ? user.Identity.Name ?? "unknown" : "anonymous", UiRoles.Of(user));
}
