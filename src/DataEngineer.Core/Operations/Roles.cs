using System.Security.Claims;

namespace DataEngineer.Core.Operations;

/// <summary>Role names as configured and stored (<c>viewer</c>, <c>operator</c>, <c>admin</c>) and the checks built on them.</summary>
public static class Roles
{
    public const string Viewer = "viewer";
    public const string Operator = "operator";
    public const string Admin = "admin";

    /// <summary>Roles that may act (trigger, clear, pause, backfill, mark): for <c>[Authorize(Roles = ...)]</c>.</summary>
    public const string Operators = Operator + "," + Admin;

    public static string Name(Role role) => role switch
    {
        Role.Viewer => Viewer,
        Role.Operator => Operator,
        _ => Admin,
    };

    /// <summary>Parses a configured role name.</summary>
    /// <exception cref="ArgumentException">Not one of viewer, operator, admin.</exception>
    public static Role Parse(string? name, string where) => name?.Trim().ToLowerInvariant() switch
    {
        Viewer => Role.Viewer,
        Operator => Role.Operator,
        Admin => Role.Admin,
        _ => throw new ArgumentException($"{where}: the role '{name}' is not one of viewer, operator, admin."),
    };

    /// <summary>The highest role the principal holds; null for an anonymous visitor.</summary>
    public static Role? Of(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            return null;
        }

        if (user.IsInRole(Admin))
        {
            return Role.Admin;
        }

        return user.IsInRole(Operator) ? Role.Operator : user.IsInRole(Viewer) ? Role.Viewer : null;
    }

    public static bool CanOperate(ClaimsPrincipal user) => Of(user) >= Role.Operator;

    public static bool IsAdmin(ClaimsPrincipal user) => Of(user) == Role.Admin;
}
