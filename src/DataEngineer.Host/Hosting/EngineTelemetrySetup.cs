using DataEngineer.Core.Telemetry;
using DataEngineer.Host.Cli;
using DataEngineer.Host.Settings;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace DataEngineer.Host.Hosting;

/// <summary>
/// OpenTelemetry for the host: the engine's spans (runs and task tries, with Npgsql's database spans and HttpClient's
/// calls inside), incoming requests, and the engine's, ASP.NET Core's, HttpClient's and the runtime's metrics, exported
/// over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the standard OTEL_* variables apply) and to the console
/// when <c>DataEngineer:Telemetry:Console</c> is true. The resource says <c>service.name</c> (default
/// <c>dataengineer</c>), <c>service.version</c>, <c>service.instance.id</c> and <c>dataengineer.role</c>; what
/// <c>OTEL_SERVICE_NAME</c> and <c>OTEL_RESOURCE_ATTRIBUTES</c> say wins over these defaults. Client calls outside any
/// traced operation (background polling) make no traces, unless <c>OTEL_TRACES_SAMPLER</c> chooses another sampler.
/// </summary>
internal static class EngineTelemetrySetup
{
    /// <summary>The resource attribute naming the process's role: scheduler, worker, web, standalone or cli.</summary>
    public const string RoleAttribute = "dataengineer.role";

    public const string DefaultServiceName = "dataengineer";

    /// <summary>Console logging defaults, under everything the operator configures (<c>Logging:Console:*</c>): scopes carry the trace and span ids.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> ConsoleDefaults { get; } =
        [new("Logging:Console:FormatterOptions:IncludeScopes", "true")];

    public static void Add(IServiceCollection services, ILoggingBuilder logging, IConfiguration configuration, string role, string instance)
    {
        var console = StartupSettings.Read<TelemetryOptions>(configuration).Console;
        var otlp = !string.IsNullOrWhiteSpace(Setting(configuration, "OTEL_EXPORTER_OTLP_ENDPOINT"));
        var samplerChosen = !string.IsNullOrWhiteSpace(Setting(configuration, "OTEL_TRACES_SAMPLER"));

        logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        var telemetry = services.AddOpenTelemetry()
            // The environment detector runs last so that OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES override our defaults.
            .ConfigureResource(r => r
                .AddService(DefaultServiceName, serviceVersion: HostVersion.Informational, serviceInstanceId: instance)
                .AddAttributes([new(RoleAttribute, role)])
                .AddEnvironmentVariableDetector())
            .WithTracing(tracing =>
            {
                tracing.AddSource(EngineTelemetry.Name)
                    .AddNpgsql()
                    .AddHttpClientInstrumentation()
                    // Probes poll the health endpoints every few seconds: not worth a trace each.
                    .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments(new PathString("/health")));
                if (!samplerChosen)
                {
                    tracing.SetSampler(new ParentBasedSampler(new UntracedClientCallSampler()));
                }

                if (console)
                {
                    tracing.AddConsoleExporter();
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(EngineTelemetry.Name)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation();
                if (console)
                {
                    metrics.AddConsoleExporter();
                }
            });
        if (otlp)
        {
            logging.AddOpenTelemetry(o =>
            {
                o.IncludeFormattedMessage = true;
                o.IncludeScopes = true;
            });
            telemetry.UseOtlpExporter();
        }
    }

    /// <summary>The role as <see cref="RoleAttribute"/> names it.</summary>
    public static string RoleName(EngineRoles roles) => roles == EngineRoles.Standalone
        ? "standalone"
        : string.Join(',', Enum.GetValues<EngineRoles>().Where(r => r != EngineRoles.Standalone && roles.HasFlag(r)).Select(r => r.ToString().ToLowerInvariant()));

    private static string? Setting(IConfiguration configuration, string name) => configuration[name] ?? Environment.GetEnvironmentVariable(name);
}
