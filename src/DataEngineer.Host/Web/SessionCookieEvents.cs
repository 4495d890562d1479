using System.Security.Claims;
using DataEngineer.Ui.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace DataEngineer.Host.Web;

/// <summary>
/// Puts the user's session stamp into every login cookie (password and single sign-on alike) and refuses a cookie
/// whose stamp is no longer the user's: after a logout or a revoke, a copied cookie is worth nothing.
/// </summary>
internal sealed class SessionCookieEvents(SessionStamps stamps) : CookieAuthenticationEvents
{
    public override async Task SigningIn(CookieSigningInContext context)
    {
        if (context.Principal?.Identity is ClaimsIdentity { Name: { } name } identity)
        {
            identity.AddClaim(await stamps.IssueAsync(name, context.HttpContext.RequestAborted));
        }

        await base.SigningIn(context);
    }

    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        if (context.Principal is null || !await stamps.IsCurrentAsync(context.Principal, context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }

        await base.ValidatePrincipal(context);
    }
}
