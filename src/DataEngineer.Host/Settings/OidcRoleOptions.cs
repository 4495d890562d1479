namespace DataEngineer.Host.Settings;

/// <summary>Which ID token claim value grants a role, under <c>DataEngineer:Web:Oidc:Roles:&lt;viewer|operator|admin&gt;</c>.</summary>
internal sealed class OidcRoleOptions
{
    /// <summary>The claim that carries roles or groups, e.g. groups.</summary>
    public string? Claim { get; set; }

    /// <summary>The claim value that grants the role.</summary>
    public string? Value { get; set; }
}
