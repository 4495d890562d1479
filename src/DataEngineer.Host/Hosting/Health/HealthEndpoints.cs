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
/// <c>/health/live</c> (the process answers), <c>/health/ready</c> (its metadata database answers: all a load
/// balancer or probe should wait for) and, on the web host, <c>/health/cluster</c> (also a scheduler running and
/// workers seen, for monitoring), in the ASP.NET Core health-check format: 200 when healthy, 503 when not, with a
/// JSON body naming each check's status and why (for authenticated callers; others get the status only).
/// </summary>
internal static class HealthEndpoints
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";
    public const string ClusterPath = "/health/cluster";
    private const string ReadyTag = "ready";
    private const string ClusterTag = "cluster";

    public static IServiceCollection AddEngineHealthChecks(this IServiceCollection services, NpgsqlDataSource dataSource)
    {
        services.AddSingleton(new DatabaseHealthCheck(dataSource));
        services.AddSingleton(sp => new SchedulerHealthCheck(dataSource, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<WorkersHealthCheck>();
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag, ClusterTag])
            // Not readiness: a web host without a live scheduler or worker must stay in the load balancer, where on-call needs it.
            .AddCheck<SchedulerHealthCheck>("scheduler", tags: [ClusterTag])
            .AddCheck<WorkersHealthCheck>("workers", tags: [ClusterTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapEngineHealthChecks(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync });
        app.MapHealthChecks(ClusterPath, new HealthCheckOptions { Predicate = c => c.Tags.Contains(ClusterTag), ResponseWriter = WriteAsync });
        return app;
    }

    /// <summary>The probe endpoints of a scheduler or worker (<see cref="HealthProbe"/>): no login there, so status only.</summary>
    public static IEndpointRouteBuilder MapProbeHealthChecks(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteStatusAsync });
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteStatusAsync });
        return app;
    }

    /// <summary>
    /// Whether the caller may see what the checks found (worker names, scheduler counts): a logged-in user or an API
    /// key. Anyone else gets the status only, which is all a load balancer needs.
    /// </summary>
    public static async Task<bool> MayReadDetailAsync(HttpContext http) =>
        http.User.Identity?.IsAuthenticated == true
        || (await http.AuthenticateAsync(Web.ApiKeyAuthenticationHandler.SchemeName)).Succeeded;

    private static Task WriteStatusAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        return http.Response.WriteAsync(JsonSerializer.Serialize(new { status = report.Status.ToString() }), http.RequestAborted);
    }

    private static async Task WriteAsync(HttpContext http, HealthReport report)
    {
        if (!await MayReadDetailAsync(http))
        {
            await WriteStatusAsync(http, report);
            return;
        }

        http.Response.ContentType = "application/json; charset=utf-8";

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
