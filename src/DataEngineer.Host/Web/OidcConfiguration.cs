using DataEngineer.Core.Operations;
using DataEngineer.Host.Cli;
using DataEngineer.Ui.Security;
using Microsoft.Extensions.Configuration;

namespace DataEngineer.Host.Web;

/// <summary>
/// Reads the OpenID Connect login from <c>DataEngineer:Web:Oidc</c>: <c>Authority</c>, <c>ClientId</c>,
/// <c>ClientSecret</c>, <c>DisplayName</c>, <c>Scopes</c> (space-separated), <c>RequireHttpsMetadata</c>,
/// <c>UserNameClaim</c>, <c>Roles:&lt;viewer|operator|admin&gt;:Claim</c> and <c>:Value</c>, <c>DefaultRole</c>.
/// Any key set turns it on; then a missing or wrong key stops the start with a message naming it.
/// </summary>
internal static class OidcConfiguration
{
    public const string Section = "DataEngineer:Web:Oidc";

    /// <returns>Null when the section is empty (no OpenID Connect login).</returns>
    /// <exception cref="CliError">A required key is missing, or a key's value is not usable.</exception>
    public static OidcOptions? Read(IConfiguration configuration)
    {
        var oidc = configuration.GetSection(Section);
        if (!oidc.GetChildren().Any())
        {
            return null;
        }

        var requireHttps = Bool(oidc, "RequireHttpsMetadata", true);
        var authority = Required(oidc, "Authority", "the provider's issuer URL, e.g. https://login.example.com/realms/data");
        if (!Uri.TryCreate(authority, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new CliError($"{Section}:Authority is '{authority}', not an absolute http(s) URL: set the provider's issuer URL, e.g. https://login.example.com/realms/data.");
        }

        if (uri.Scheme == Uri.UriSchemeHttp && requireHttps)
        {
            throw new CliError($"{Section}:Authority is plain http ({authority}): use the provider's https URL, or set {Section}:RequireHttpsMetadata to false for a provider on this machine.");
        }

        var mappings = new List<OidcRoleMapping>();
        foreach (var role in oidc.GetSection("Roles").GetChildren())
        {
            var where = $"{Section}:Roles:{role.Key}";
            var parsed = Role(role.Key, where);
            mappings.Add(new OidcRoleMapping(parsed,
                Required(role, "Claim", "the ID token claim that carries roles or groups, e.g. groups", where),
                Required(role, "Value", "the claim value that grants this role, e.g. dataengineer-" + role.Key.ToLowerInvariant(), where)));
        }

        var defaultRole = oidc["DefaultRole"] is { Length: > 0 } name ? Role(name, $"{Section}:DefaultRole") : (Role?)null;
        if (mappings.Count == 0 && defaultRole is null)
        {
            throw new CliError($"{Section} has no Roles and no DefaultRole, so nobody could log in with it: map a claim to a role with " +
                $"{Section}:Roles:<viewer|operator|admin>:Claim and :Value, or set {Section}:DefaultRole.");
        }

        var scopes = (oidc["Scopes"] ?? "openid profile email").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new OidcOptions
        {
            Authority = uri,
            ClientId = Required(oidc, "ClientId", "the client id registered with the provider"),
            ClientSecret = oidc["ClientSecret"] is { Length: > 0 } secret ? secret : null,
            DisplayName = oidc["DisplayName"] is { Length: > 0 } display ? display : "single sign-on",
            Scopes = scopes.Contains("openid", StringComparer.Ordinal) ? scopes : ["openid", .. scopes],
            RequireHttpsMetadata = requireHttps,
            UserNameClaim = oidc["UserNameClaim"] is { Length: > 0 } claim ? claim : "preferred_username",
            RoleMappings = mappings,
            DefaultRole = defaultRole,
        };
    }

    private static string Required(IConfigurationSection section, string key, string what, string? where = null)
    {
        var value = section[key];
        return string.IsNullOrWhiteSpace(value)
            ? throw new CliError($"{where ?? Section}:{key} is missing: set {what} (the OpenID Connect login is on because {Section} has keys).")
            : value.Trim();
    }

    private static bool Bool(IConfigurationSection section, string key, bool fallback) => section[key] switch
    {
        null or "" => fallback,
        var text when bool.TryParse(text, out var value) => value,
        var text => throw new CliError($"{Section}:{key} is '{text}'; set true or false."),
    };

    private static Role Role(string name, string where)
    {
        try
        {
            return Roles.Parse(name, where);
        }
        catch (ArgumentException e)
        {
            throw new CliError(e.Message);
        }
    }
}
