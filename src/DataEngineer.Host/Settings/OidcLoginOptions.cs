using DataEngineer.Ui.Security;

namespace DataEngineer.Host.Settings;

/// <summary>
/// The OpenID Connect login under <c>DataEngineer:Web:Oidc</c>: <c>Authority</c>, <c>ClientId</c>, <c>ClientSecret</c>,
/// <c>DisplayName</c>, <c>Scopes</c> (space-separated), <c>RequireHttpsMetadata</c>, <c>UserNameClaim</c>,
/// <c>Roles:&lt;viewer|operator|admin&gt;:Claim</c> and <c>:Value</c>, <c>DefaultRole</c>. Any key set turns it on; then
/// <see cref="OidcLoginValidator"/> refuses a missing or wrong key, naming it.
/// </summary>
internal sealed class OidcLoginOptions
{
    public const string Section = "DataEngineer:Web:Oidc";

    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    public string? DisplayName { get; set; }

    public string? Scopes { get; set; }

    /// <summary>Whether the provider's metadata must come over https (default true; false for a provider on this machine).</summary>
    [Setting("set true or false.")]
    public bool? RequireHttpsMetadata { get; set; }

    public string? UserNameClaim { get; set; }

    public Dictionary<string, OidcRoleOptions> Roles { get; } = new(StringComparer.OrdinalIgnoreCase);

    public string? DefaultRole { get; set; }

    /// <summary>Whether any key is set, which turns the login on.</summary>
    public bool IsOn => Authority is not null || ClientId is not null || ClientSecret is not null || DisplayName is not null || Scopes is not null
        || RequireHttpsMetadata is not null || UserNameClaim is not null || Roles.Count > 0 || DefaultRole is not null;

    /// <summary>The login, or null when it is off (no key set).</summary>
    public OidcOptions? Login
    {
        get
        {
            if (!IsOn)
            {
                return null;
            }

            var scopes = (Scopes ?? "openid profile email").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return new OidcOptions
            {
                Authority = new Uri(Authority!.Trim()),
                ClientId = ClientId!.Trim(),
                ClientSecret = ClientSecret,
                DisplayName = DisplayName ?? "single sign-on",
                Scopes = scopes.Contains("openid", StringComparer.Ordinal) ? scopes : ["openid", .. scopes],
                RequireHttpsMetadata = RequireHttpsMetadata ?? true,
                UserNameClaim = UserNameClaim ?? "preferred_username",
                RoleMappings = [.. Roles.Select(r => new OidcRoleMapping(Core.Operations.Roles.Parse(r.Key, r.Key), r.Value.Claim!.Trim(), r.Value.Value!.Trim()))],
                DefaultRole = DefaultRole is null ? null : Core.Operations.Roles.Parse(DefaultRole, nameof(DefaultRole)),
            };
        }
    }
}
