using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using DataEngineer.Core.Operations;
using DataEngineer.Ui.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataEngineer.Host.Web;

/// <summary>
/// Authenticates REST API calls by a configured key in <c>X-Api-Key</c> or <c>Authorization: Bearer</c>.
/// Keys are compared as SHA-256 digests in constant time; a wrong key is a 401 and is never logged.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, WebSecurityOptions security)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Presented();
        if (presented is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        var match = security.ApiKeys.FirstOrDefault(k => CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(k.Key)), digest));
        if (match is null)
        {
            return Task.FromResult(AuthenticateResult.Fail("The API key is not valid."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, $"api-key:{match.Name}"), new Claim(ClaimTypes.Role, Roles.Name(match.Role))], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    private string? Presented()
    {
        if (Request.Headers.TryGetValue(Header, out var key) && !string.IsNullOrEmpty(key))
        {
            return key.ToString();
        }

        var authorization = Request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : null;
    }
}
