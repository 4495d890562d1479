using DataEngineer.Core.Operations;
using DataEngineer.Ui.Security;
using Microsoft.Extensions.Configuration;

namespace DataEngineer.Host.Settings;

/// <summary>
/// Who may use the web UI and the API without single sign-on, under <c>DataEngineer:Web</c>:
/// <c>Users:&lt;name&gt;:PasswordHash</c> and <c>:Role</c>, <c>ApiKeys:&lt;name&gt;:Key</c> and <c>:Role</c>; checked by
/// <see cref="WebAccessValidator"/>.
/// </summary>
internal sealed class WebAccessOptions
{
    public const string Section = WebOptions.Section;

    /// <summary>Keys shorter than this are refused: they could be guessed.</summary>
    public const int MinimumApiKeyLength = 24;

    public Dictionary<string, WebUserOptions> Users { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, ApiKeyOptions> ApiKeys { get; } = new(StringComparer.Ordinal);

    /// <summary>Who may use the web UI and the API: these users and keys, <see cref="WebOptions.AnonymousReadOnly"/> and the <see cref="OidcLoginOptions"/>.</summary>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">A setting of the web host is unusable; each failure names its key.</exception>
    public static WebSecurityOptions Read(IConfiguration configuration)
    {
        var access = StartupSettings.Read<WebAccessOptions>(configuration);
        return new WebSecurityOptions
        {
            Users = [.. access.Users.Select(u => new WebUser(u.Key, u.Value.PasswordHash!, Roles.Parse(u.Value.Role, u.Key)))],
            ApiKeys = [.. access.ApiKeys.Select(k => new ApiKey(k.Key, k.Value.Key!, Roles.Parse(k.Value.Role, k.Key)))],
            AnonymousReadOnly = StartupSettings.Read<WebOptions>(configuration).AnonymousReadOnly,
            Oidc = StartupSettings.Read<OidcLoginOptions>(configuration).Login,
        };
    }
}
