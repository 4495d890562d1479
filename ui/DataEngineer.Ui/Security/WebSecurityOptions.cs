namespace DataEngineer.Ui.Security;

/// <summary>Who may use the web UI and the API (section <c>DataEngineer:Web</c>).</summary>
public sealed record WebSecurityOptions
{
    public IReadOnlyList<WebUser> Users { get; init; } = [];

    public IReadOnlyList<ApiKey> ApiKeys { get; init; } = [];

    /// <summary>Whether visitors who have not logged in may read (never act). Off by default.</summary>
    public bool AnonymousReadOnly { get; init; }

    /// <summary>The OpenID Connect login, or null when only users from configuration log in.</summary>
    public OidcOptions? Oidc { get; init; }
}
