using DataEngineer.Core.Alerts;
using DataEngineer.Core.Execution;
using DataEngineer.Core.Operations;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Telemetry;
using DataEngineer.Execution.Alerts;
using DataEngineer.Execution.Hosting;
using DataEngineer.Execution.Loading;
using DataEngineer.Host.Cli;
using DataEngineer.Host.Hosting.Health;
using DataEngineer.Host.Settings;
using DataEngineer.Host.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using DataEngineer.Core.Variables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DataEngineer.Host.Hosting;

/// <summary>
/// Runs the engine's roles in this process until Ctrl+C or SIGTERM: the scheduler, the worker and
/// the web host (standalone runs all three) against one metadata database. Stopping cancels the
/// running tries and records them (retried if they may be), so nothing is left marked running.
/// </summary>
internal static class EngineHost
{
    public static async Task<int> RunAsync(CliEnvironment env, EngineHostOptions options, CancellationToken ct)
    {
        // Configuration first: a mistake in it is reported before the database is even reached.
        StartupSettings.Validate(env.Configuration);
        var engine = StartupSettings.Read<EngineOptions>(env.Configuration);
        var security = options.Roles.HasFlag(EngineRoles.Web) ? WebAccessOptions.Read(env.Configuration) : null;
        var listen = StartupSettings.Read<WebOptions>(env.Configuration).Listen;
        var deployment = options.Roles.HasFlag(EngineRoles.Web) ? WebHostingOptions.Read(env.Configuration, listen) : null;
        // The web host serves the health endpoints itself; a scheduler or worker only on its optional probe port.
        var probe = options.Roles.HasFlag(EngineRoles.Web) ? null : StartupSettings.Read<HealthOptions>(env.Configuration).Probe;
        // Standalone migrates its own managed cluster (no one else shares it); every other case needs 'db migrate' first.
        await using var metadata = await MetadataConnection.OpenAsync(env.Configuration, options.Roles == EngineRoles.Standalone ? SchemaAccess.MigrateIfManaged : SchemaAccess.RequireCurrent, ct);
        foreach (var migration in metadata.Applied)
        {
            await env.Out.WriteLineAsync($"Migrated the managed metadata database: applied {migration.Label}.");
        }

        foreach (var schema in metadata.Installed)
        {
            await env.Out.WriteLineAsync($"Migrated the managed metadata database: installed {schema.Label}.");
        }

        await using var connections = options.Roles.HasFlag(EngineRoles.Worker) ? await TaskConnections.ResolveAsync(env.Configuration, ct) : null;
        var dags = DagSource.Open(env);
        foreach (var error in dags.Errors)
        {
            await env.Error.WriteLineAsync($"import error: {error}");
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = EngineTelemetrySetup.ConsoleDefaults });
        builder.Configuration.AddConfiguration(env.Configuration);
        builder.Logging.AddFilter("Hangfire", LogLevel.Warning).AddFilter("Quartz", LogLevel.Warning).AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.WebHost.UseUrls(options.Roles.HasFlag(EngineRoles.Web) ? $"http://{listen}:{options.Port}" : probe?.Url ?? "http://127.0.0.1:0");
        var runtime = connections is null ? new TaskRuntimeOptions() : engine.Runtime(connections.Registry);
        builder.Services.AddDataEngineerEngine(new EngineSettings
        {
            Store = metadata.Store,
            ConnectionString = metadata.ConnectionString,
            Dags = dags,
            Runtime = runtime,
            Scheduler = engine.Scheduler,
            Worker = options.Worker,
        });
        // The same settings as IOptions<T> in the host's container, validated again when the host starts.
        builder.Services.AddEngineSettings(env.Configuration);
        // Every role: cookies and antiforgery tokens (web) and secret values (any role) are protected with one key ring,
        // kept in the metadata database so web replicas share it and a redeploy keeps it.
        EngineDataProtection.Add(builder.Services, metadata.DataSource);
        builder.Services.AddSingleton<IVariableCipher, VariableProtection>();
        // Tasks decrypt secret variables with the data-protection keys this host registered.
        builder.Services.Replace(ServiceDescriptor.Singleton(sp => runtime with { VariableCipher = sp.GetRequiredService<IVariableCipher>() }));
        if (dags is DagFolderRegistry folder)
        {
            builder.Services.AddSingleton(folder);
            builder.Services.AddHostedService<DagFolderWatcher>();
        }

        using var alertHttp = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan };
        builder.Services.AddDataEngineerAlerts(AlertingOptions.Read(env.Configuration, alertHttp), metadata.Alerts, watchRuns: options.Roles.HasFlag(EngineRoles.Scheduler));
        builder.Services.AddEngineHealthChecks(metadata.DataSource);
        builder.Services.AddSingleton(metadata.Sessions);
        builder.Services.AddSingleton(metadata.DagDeletion);
        builder.Services.AddSingleton<DagDeletion>();
        // sample_rows (MCP) reads datasets through the task connections: the worker's, else those configured.
        builder.Services.AddSingleton(connections?.Registry ?? ConnectionSources.Read(env.Configuration));
        EngineTelemetrySetup.Add(builder.Services, builder.Logging, env.Configuration, EngineTelemetrySetup.RoleName(options.Roles), options.Worker.Hostname);
        if (options.Roles.HasFlag(EngineRoles.Worker))
        {
            TaskOutputRouter.Install();
            builder.Services.AddDataEngineerWorker(options.Worker);
        }

        if (options.Roles.HasFlag(EngineRoles.Scheduler))
        {
            await ApplyPoolSettingsAsync(metadata, engine.PoolSlots, ct);
            builder.Services.AddDataEngineerScheduler(metadata.ConnectionString);
            if (StartupSettings.Read<CleanupOptions>(env.Configuration).Cleanup is { } cleanup)
            {
                builder.Services.AddHostedService(sp => new MetadataCleanupService(cleanup, metadata.DataSource, metadata.Store,
                    sp.GetService<TimeProvider>() ?? TimeProvider.System, sp.GetRequiredService<ILogger<MetadataCleanupService>>()));
            }
        }

        if (security is not null)
        {
            WebApp.AddServices(builder, security, deployment!);
        }

        ProcessHeartbeat.Add(builder.Services, metadata.Store, options);
        SecretMaskingLogging.Add(builder.Services, metadata.ConnectionString, env.Configuration);
        var app = builder.Build();
        if (options.Roles.HasFlag(EngineRoles.Web))
        {
            WebApp.Map(app);
            app.MapGet("/health", async (HttpContext http) =>
            {
                if (!await HealthEndpoints.MayReadDetailAsync(http))
                {
                    return Results.Json(new { status = "healthy" });
                }

                var known = await metadata.Store.ListDagsAsync(http.RequestAborted);
                return Results.Json(new { status = "healthy", dags = known.Count, roles = options.Roles.ToString() });
            }).ExcludeFromDescription();
            app.MapEngineHealthChecks();
        }
        else if (probe is not null)
        {
            app.MapProbeHealthChecks();
        }

        await ImportErrorAlerts.PublishAsync(app.Services.GetRequiredService<IAlertPublisher>(), dags.Errors, ct);

        var role = EngineTelemetrySetup.RoleName(options.Roles);
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("DataEngineer.Host");
        app.Lifetime.ApplicationStopping.Register(() => log.ProcessStopping(role));
        await app.StartAsync(ct);
        log.ProcessStarted(role, HostVersion.Informational, options.Worker.Hostname);
        foreach (var error in dags.Errors)
        {
            log.DagImportError(error.ToString());
        }

        await env.Out.WriteLineAsync($"DataEngineer {Describe(options.Roles)} is running. Metadata database: {metadata.Description}.");
        if (options.Roles.HasFlag(EngineRoles.Web))
        {
            await env.Out.WriteLineAsync($"Web: http://{listen}:{options.Port}/ (REST API under /api/v1, OpenAPI at {WebApp.OpenApiPath}, health at /health, liveness {HealthEndpoints.LivePath}, readiness {HealthEndpoints.ReadyPath}, cluster {HealthEndpoints.ClusterPath})");
            await AnnounceLoginAsync(env, metadata, security!, options.Roles, ct);
        }
        else if (probe is not null)
        {
            await env.Out.WriteLineAsync($"Health: {probe.Url}{HealthEndpoints.LivePath} and {probe.Url}{HealthEndpoints.ReadyPath}.");
        }

        await env.Out.WriteLineAsync(dags is DagFolderRegistry watched
            ? $"DAGs folder: {watched.Folder} (watched: changes are live within seconds)."
            : "No DAGs folder (set DataEngineer:DagsFolder or --dags-folder); DAGs come from DataEngineer:DagAssemblies only.");
        await env.Out.WriteLineAsync($"{dags.Dags.Count} DAGs loaded; new DAGs start paused: unpause one with 'dataengineer dags unpause <dag_id>'. Press Ctrl+C to stop.");
        await app.WaitForShutdownAsync(ct);
        return ExitCodes.Success;
    }

    private static async Task ApplyPoolSettingsAsync(MetadataConnection metadata, IReadOnlyList<Pool> pools, CancellationToken ct)
    {
        foreach (var pool in pools)
        {
            await metadata.Store.SetPoolAsync(pool, ct);
        }
    }

    private static async Task AnnounceLoginAsync(CliEnvironment env, MetadataConnection metadata, Ui.Security.WebSecurityOptions security, EngineRoles roles, CancellationToken ct)
    {
        if (security.Users.Count > 0)
        {
            return;
        }

        var password = roles == EngineRoles.Standalone ? await AdminBootstrap.EnsureAdminAsync(metadata.Store, TimeProvider.System, ct) : null;
        await env.Out.WriteLineAsync(password is not null
            ? $"Web login: user '{AdminBootstrap.UserName}', password '{password}' (shown this once; it is stored hashed)."
            : await metadata.Store.GetUserAsync(AdminBootstrap.UserName, ct) is not null
                ? $"Web login: user '{AdminBootstrap.UserName}' (its password was printed at the first start), or users from DataEngineer:Web:Users."
                : "Web login: no users yet. Configure DataEngineer:Web:Users, or start 'dataengineer standalone' once to create an admin.");
    }

    private static string Describe(EngineRoles roles) => roles == EngineRoles.Standalone
        ? "standalone (scheduler, worker and web)"
        : string.Join(" + ", Enum.GetValues<EngineRoles>().Where(r => r != EngineRoles.Standalone && roles.HasFlag(r)).Select(r => r.ToString().ToLowerInvariant()));
}
