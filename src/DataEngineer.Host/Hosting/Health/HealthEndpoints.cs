using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace DataEngineer.Host.Hosting.Health;

/// <summary>
/// <c>/health/live</c> (the process answers) and <c>/health/ready</c> (database reachable, a scheduler
/// running, workers seen), in the ASP.NET Core health-check format: 200 when healthy, 503 when not,
/// with a JSON body naming each check's status and why (for authenticated callers; others get the status only).
/// </summary>
internal static class HealthEndpoints
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";
    private const string ReadyTag = "ready";

    public static IServiceCollection AddEngineHealthChecks(this IServiceCollection services, NpgsqlDataSource dataSource)
    {
        services.AddSingleton(new DatabaseHealthCheck(dataSource));
        services.AddSingleton(sp => new SchedulerHealthCheck(dataSource, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<WorkersHealthCheck>();
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag])
            .AddCheck<SchedulerHealthCheck>("scheduler", tags: [ReadyTag])
            .AddCheck<WorkersHealthCheck>("workers", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapEngineHealthChecks(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync });
        return app;
    }

    /// <summary>
    /// Whether the caller may see what the checks found (worker names, scheduler counts): a logged-in user or an API
    /// key. Anyone else gets the status only, which is all a load balancer needs.
    /// </summary>
    public static async Task<bool> MayReadDetailAsync(HttpContext http) =>
        http.User.Identity?.IsAuthenticated == true
        || (await http.AuthenticateAsync(Web.ApiKeyAuthenticationHandler.SchemeName)).Succeeded;

    private static async Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        if (!await MayReadDetailAsync(http))
        {
            await http.Response.WriteAsync(JsonSerializer.Serialize(new { status = report.Status.ToString() }), http.RequestAborted);
            return;
        }

        var body = new
        {
            status = report.Status.ToString(),
            totalDuration = report.TotalDuration.ToString(),
            entries = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                duration = e.Value.Duration.ToString(),
                data = e.Value.Data,
            }),
        };
        await http.Response.WriteAsync(JsonSerializer.Serialize(body), http.RequestAborted);
    }
}
