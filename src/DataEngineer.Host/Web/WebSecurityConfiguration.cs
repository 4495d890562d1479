using DataEngineer.Core.Operations;
using DataEngineer.Host.Cli;
using DataEngineer.Host.Settings;
using DataEngineer.Ui.Security;
using Microsoft.Extensions.Configuration;

namespace DataEngineer.Host.Web;

/// <summary>
/// Reads who may use the web UI and API from <c>DataEngineer:Web</c>: <c>Users:&lt;name&gt;:PasswordHash</c> and
/// <c>:Role</c>, <c>ApiKeys:&lt;name&gt;:Key</c> and <c>:Role</c>, <c>AnonymousReadOnly</c>.
/// </summary>
internal static class WebSecurityConfiguration
{
    /// <summary>Keys shorter than this are refused: they could be guessed.</summary>
    public const int MinimumApiKeyLength = 24;

    /// <exception cref="CliError">A user or key is incomplete, has an unknown role, or a key is too short.</exception>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException"><c>AnonymousReadOnly</c> is not true or false.</exception>
    public static WebSecurityOptions Read(IConfiguration configuration)
    {
        var web = configuration.GetSection("DataEngineer:Web");
        var users = web.GetSection("Users").GetChildren().Select(u =>
        {
            var where = $"DataEngineer:Web:Users:{u.Key}";
            var hash = u["PasswordHash"];
            if (string.IsNullOrWhiteSpace(hash))
            {
                throw new CliError($"{where} has no PasswordHash. Make one with: dataengineer users hash-password");
            }

            return new WebUser(u.Key, hash, Role(u["Role"], where));
        }).ToList();
        var keys = web.GetSection("ApiKeys").GetChildren().Select(k =>
        {
            var where = $"DataEngineer:Web:ApiKeys:{k.Key}";
            var key = k["Key"];
            if (string.IsNullOrWhiteSpace(key) || key.Length < MinimumApiKeyLength)
            {
                throw new CliError($"{where}:Key must be at least {MinimumApiKeyLength} characters (a random string, e.g. from 'openssl rand -hex 24').");
            }

            return new ApiKey(k.Key, key, Role(k["Role"], where));
        }).ToList();
        return new WebSecurityOptions
        {
            Users = users,
            ApiKeys = keys,
            AnonymousReadOnly = StartupSettings.Read<WebOptions>(configuration).AnonymousReadOnly,
            Oidc = OidcConfiguration.Read(configuration),
        };
    }

    private static Role Role(string? name, string where)
    {
        try
        {
            return Roles.Parse(name, where + ":Role");
        }
        catch (ArgumentException e)
        {
            throw new CliError(e.Message);
        }
    }
}
