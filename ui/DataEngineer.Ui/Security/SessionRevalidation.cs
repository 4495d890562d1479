using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Logging;

namespace DataEngineer.Ui.Security;

/// <summary>
/// Re-checks a live page's session every few seconds: once its user logged out elsewhere or an admin revoked their
/// sessions, the page's user becomes anonymous, so it shows the login redirect and can no longer act.
/// </summary>
public sealed class SessionRevalidation(ILoggerFactory loggerFactory, SessionStamps stamps) : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    /// <summary>How long an open tab may act after its session ended.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    protected override TimeSpan RevalidationInterval => Interval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        var user = authenticationState.User;
        // Only cookie sessions carry a stamp; anonymous readers have nothing to revoke.
        return user.Identity?.IsAuthenticated != true || await stamps.IsCurrentAsync(user, cancellationToken);
    }
}
