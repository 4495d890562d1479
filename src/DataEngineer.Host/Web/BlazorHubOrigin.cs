using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace DataEngineer.Host.Web;

/// <summary>
/// The Blazor hub (<c>/_blazor</c>) carries every click of a live page with the user's cookie: a connection opened by
/// a page of another site (its browser sends that site's <c>Origin</c>) is refused, so no other site can drive a
/// logged-in user's session. Clients that send no Origin are not browsers and get no cookie from one.
/// </summary>
internal static class BlazorHubOrigin
{
    public const string HubPath = "/_blazor";

    public static Func<HttpContext, RequestDelegate, Task> Check(IReadOnlyList<string> allowedHosts)
    {
        var patterns = allowedHosts.Select(h => new StringSegment(h)).ToList();
        return async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(HubPath) && context.Request.Headers.Origin is [var origin] && !IsAllowed(origin, context, patterns))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync("The live connection was refused: it was opened by a page of another site. Open DataEngineer at its own address.");
                return;
            }

            await next(context);
        };
    }

    private static bool IsAllowed(string? origin, HttpContext context, IList<StringSegment> patterns)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return false;
        }

        // With any host allowed, the page must come from the address the request was sent to.
        return patterns.Any(p => p == "*")
            ? string.Equals(uri.Authority, context.Request.Host.Value, StringComparison.OrdinalIgnoreCase)
            : HostString.MatchesAny(new StringSegment(uri.Host), patterns);
    }
}
