using System.Security.Claims;
using DataEngineer.Core.Operations;
using DataEngineer.Ui.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace DataEngineer.Host.Web;

/// <summary>
/// The OpenID Connect login: authorization code flow with PKCE, the user's role mapped from ID token
/// claims, then the same cookie as a password login. The client secret and tokens are never logged.
/// </summary>
internal static class OidcLogin
{
    public const string SchemeName = "oidc";

    /// <summary>Where the login page's button goes; it starts the provider's login.</summary>
    public const string StartPath = "/account/login/sso";

    public static void Add(AuthenticationBuilder authentication, OidcOptions oidc)
    {
        authentication.AddOpenIdConnect(SchemeName, oidc.DisplayName, o =>
        {
            o.Authority = oidc.Authority.ToString().TrimEnd('/');
            o.ClientId = oidc.ClientId;
            o.ClientSecret = oidc.ClientSecret;
            o.ResponseType = OpenIdConnectResponseType.Code;
            // The provider redirects back with a GET: the correlation cookies (SameSite=Lax) come along without needing HTTPS.
            o.ResponseMode = OpenIdConnectResponseMode.Query;
            o.UsePkce = true;
            o.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
            o.MapInboundClaims = false;
            o.SaveTokens = false;
            o.GetClaimsFromUserInfoEndpoint = false;
            o.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            o.Scope.Clear();
            foreach (var scope in oidc.Scopes)
            {
                o.Scope.Add(scope);
            }

            o.CorrelationCookie.SameSite = SameSiteMode.Lax;
            o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.NonceCookie.SameSite = SameSiteMode.Lax;
            o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Events = new OpenIdConnectEvents
            {
                OnTokenValidated = context => SignInAsync(context, oidc),
                OnRemoteFailure = context =>
                {
                    Logger(context.HttpContext).LogWarning("OpenID Connect login failed: {Reason}", context.Failure?.Message);
                    context.Response.Redirect("/account/login?sso=failed");
                    context.HandleResponse();
                    return Task.CompletedTask;
                },
            };
        });
    }

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet(StartPath, (string? returnUrl) =>
                Results.Challenge(new AuthenticationProperties { RedirectUri = ReturnUrls.Safe(returnUrl) }, [SchemeName]))
            .AllowAnonymous().ExcludeFromDescription();

    // The cookie holds the user's name and mapped role only, as a password login's does; the provider's claims stay out of it.
    private static Task SignInAsync(TokenValidatedContext context, OidcOptions oidc)
    {
        var provided = context.Principal ?? new ClaimsPrincipal();
        var name = oidc.UserNameOf(provided);
        if (oidc.RoleOf(provided) is not { } role)
        {
            Logger(context.HttpContext).LogWarning("OpenID Connect user {User} has no claim mapped to a DataEngineer role; refused", name);
            context.Response.Redirect("/account/login?sso=norole");
            context.HandleResponse();
            return Task.CompletedTask;
        }

        context.Principal = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, Roles.Name(role)), new Claim(LoginMethodClaim, SchemeName)],
            CookieAuthenticationDefaults.AuthenticationScheme));
        return Task.CompletedTask;
    }

    /// <summary>How the user logged in (<c>oidc</c>), kept in the cookie.</summary>
    public const string LoginMethodClaim = "dataengineer.login";

    private static ILogger Logger(HttpContext http) => http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OidcLogin));
}
