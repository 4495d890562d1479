using DataEngineer.Core.Telemetry;
using Microsoft.AspNetCore.Builder;
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
/// OpenTelemetry for the host: the engine's spans (runs and task tries, with Npgsql's database spans inside)
/// and metrics, exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the standard OTEL_*
/// variables apply) and to the console when <c>DataEngineer:Telemetry:Console</c> is true. Console logs
/// carry the trace and span ids.
/// </summary>
internal static class EngineTelemetrySetup
{
    public const string ConsoleKey = "DataEngineer:Telemetry:Console";

    public static void Add(WebApplicationBuilder builder, IConfiguration configuration, string instance)
    {
        var console = configuration[ConsoleKey] is { Length: > 0 } text
            && (bool.TryParse(text, out var on) ? on : throw new Cli.CliError($"{ConsoleKey} is '{text}'; set true or false."));
        var otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] ?? Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT"));

        builder.Logging.AddSimpleConsole(o => o.IncludeScopes = true);
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("dataengineer", serviceInstanceId: instance))
            .WithTracing(tracing =>
            {
                tracing.AddSource(EngineTelemetry.Name).AddNpgsql();
                if (console)
                {
                    tracing.AddConsoleExporter();
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(EngineTelemetry.Name);
                if (console)
                {
                    metrics.AddConsoleExporter();
                }
            });
        if (otlp)
        {
            builder.Logging.AddOpenTelemetry(o =>
            {
                o.IncludeFormattedMessage = true;
                o.IncludeScopes = true;
            });
            telemetry.UseOtlpExporter();
        }
    }
}
