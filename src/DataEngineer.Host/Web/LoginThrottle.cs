using System.Globalization;
using System.Threading.RateLimiting;
using DataEngineer.Ui.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;

namespace DataEngineer.Host.Web;

/// <summary>
/// The framework's rate limiter on the login form's post: a fixed window per typed user name and one per client
/// address. Past either, posts are refused with 429 and a message saying when to retry, until the window ends. The
/// name counts whether it exists or not, so the answer tells nothing about which names exist.
/// </summary>
internal static class LoginThrottle
{
    public const string LoginPath = "/account/login";

    /// <summary>The form field of the login page's user name (Blazor's <c>Input.UserName</c>).</summary>
    public const string UserNameField = "Input.UserName";

    private const string UserNameItem = "dataengineer.login.user";

    public static void Add(IServiceCollection services, LoginThrottleOptions options)
    {
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(c => IsAttempt(c)
                    ? RateLimitPartition.GetFixedWindowLimiter("user:" + UserNameOf(c).ToLowerInvariant(), _ => Window(options.AttemptsPerUser, options.Window))
                    : RateLimitPartition.GetNoLimiter("")),
                PartitionedRateLimiter.Create<HttpContext, string>(c => IsAttempt(c)
                    ? RateLimitPartition.GetFixedWindowLimiter("address:" + AddressOf(c), _ => Window(options.AttemptsPerAddress, options.Window))
                    : RateLimitPartition.GetNoLimiter("")));
            o.OnRejected = (rejected, ct) => RefuseAsync(rejected, options, ct);
        });
    }

    /// <summary>Before the limiter: it partitions synchronously, so the typed name is read from the form here.</summary>
    public static void Use(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (IsAttempt(context) && context.Request.HasFormContentType)
            {
                var form = await context.Request.ReadFormAsync(context.RequestAborted);
                context.Items[UserNameItem] = form[UserNameField].ToString();
            }

            await next(context);
        });
        app.UseRateLimiter();
    }

    private static bool IsAttempt(HttpContext context) =>
        HttpMethods.IsPost(context.Request.Method) && string.Equals(context.Request.Path.Value?.TrimEnd('/'), LoginPath, StringComparison.OrdinalIgnoreCase);

    private static string UserNameOf(HttpContext context) => context.Items[UserNameItem] as string ?? "";

    private static string AddressOf(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static FixedWindowRateLimiterOptions Window(int attempts, TimeSpan window) =>
        new() { PermitLimit = attempts, Window = window, QueueLimit = 0, AutoReplenishment = true };

    private static async ValueTask RefuseAsync(OnRejectedContext rejected, LoginThrottleOptions options, CancellationToken ct)
    {
        var http = rejected.HttpContext;
        var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : options.Window;
        var time = http.RequestServices.GetRequiredService<TimeProvider>();
        var until = time.GetUtcNow() + wait;
        await http.RequestServices.GetRequiredService<LoginAudit>().LockedOutAsync(UserNameOf(http), AddressOf(http), until, ct);
        var seconds = (int)Math.Ceiling(wait.TotalSeconds);
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync(
            $"""
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Too many login attempts - DataEngineer</title></head>
            <body><p data-testid="login-locked">Too many login attempts for this user name or from this address. Logging in is paused until
            {until:HH:mm:ss} UTC (in {seconds} s); try again then. An admin can look the attempts up in the audit log.</p>
            <p><a href="/account/login">Back to the login page</a></p></body></html>
            """, ct);
    }
}
