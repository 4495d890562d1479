using System.Security.Claims;
using DataEngineer.Core.Operations;

namespace DataEngineer.Ui.Security;

/// <summary>
/// Logging in through an OpenID Connect provider (section <c>DataEngineer:Web:Oidc</c>), beside the
/// cookie login with users from configuration. Roles come from claims of the ID token.
/// </summary>
public sealed record OidcOptions
{
    /// <summary>The issuer; its discovery document is at <c>{Authority}/.well-known/openid-configuration</c>.</summary>
    public required Uri Authority { get; init; }

    public required string ClientId { get; init; }

    /// <summary>Null for a public client (PKCE only). Never logged or shown.</summary>
    public string? ClientSecret { get; init; }

    /// <summary>The login button says "Sign in with {DisplayName}".</summary>
    public string DisplayName { get; init; } = "single sign-on";

    public IReadOnlyList<string> Scopes { get; init; } = ["openid", "profile", "email"];

    /// <summary>Whether the discovery document must come over HTTPS (off only for a provider on this machine, e.g. in tests).</summary>
    public bool RequireHttpsMetadata { get; init; } = true;

    /// <summary>The claim shown as the user's name and written to the audit log (falls back to email, then sub).</summary>
    public string UserNameClaim { get; init; } = "preferred_username";

    public IReadOnlyList<OidcRoleMapping> RoleMappings { get; init; } = [];

    /// <summary>The role of a user no mapping matches; null refuses them.</summary>
    public Role? DefaultRole { get; init; }

    /// <summary>The highest role any mapping gives the token's claims, else <see cref="DefaultRole"/>.</summary>
    public Role? RoleOf(ClaimsPrincipal user)
    {
        var mapped = RoleMappings
            .Where(m => user.Claims.Any(c => c.Type == m.Claim && string.Equals(c.Value, m.Value, StringComparison.Ordinal)))
            .Select(m => (Role?)m.Role)
            .Max();
        return mapped ?? DefaultRole;
    }

    /// <summary>The user's name from the token: <see cref="UserNameClaim"/>, else email, else the subject.</summary>
    public string UserNameOf(ClaimsPrincipal user) =>
        new[] { UserNameClaim, "email", "sub" }.Select(type => user.FindFirst(type)?.Value).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v)) ?? "unknown";
}
