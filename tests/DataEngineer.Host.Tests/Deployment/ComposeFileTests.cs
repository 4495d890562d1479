using DataEngineer.Core.Validation;
using DataEngineer.Testing;
using Xunit;

namespace DataEngineer.Host.Tests.Deployment;

/// <summary>
/// docker-compose.yml checked structurally against the host it runs (no Docker engine here to run it): services and
/// their health checks, builds, dependencies, environment keys the host really reads, CLI verbs and options the host
/// really has, ports, the DAGs mount and the collector's wiring.
/// </summary>
public sealed class ComposeFileTests
{
    private static readonly ComposeFile Compose = ComposeFile.Load(Path.Combine(RepositoryPaths.Root, "docker-compose.yml"));

    private static IEnumerable<KeyValuePair<string, Dictionary<object, object>>> HostServices =>
        Compose.Services.Where(s => s.Value.ContainsKey("build"));

    private static IReadOnlyList<string> Command(Dictionary<object, object> service) => ComposeFile.List(service, "command");

    /// <summary>A service that runs once and exits (<c>restart: "no"</c>): it has no health check; others wait for it to complete.</summary>
    private static bool IsOneShot(Dictionary<object, object> service) => ComposeFile.Text(service, "restart") == "no";

    private static IEnumerable<KeyValuePair<string, Dictionary<object, object>>> Role(string verb) =>
        HostServices.Where(s => Command(s.Value) is [var first, ..] && first == verb);

    [Fact]
    public void Services_PostgresOneSchedulerTwoWorkersWebCollectorTraceViewerPrometheusAndGrafana()
    {
        Assert.Single(Compose.Services, s => ComposeFile.Text(s.Value, "image")?.StartsWith("postgres:", StringComparison.Ordinal) == true);
        Assert.Single(Role("scheduler"));
        Assert.Single(Role("webserver"));
        Assert.Equal(2, Role("worker").Count());
        Assert.Single(Compose.Services, s => ComposeFile.Text(s.Value, "image")?.Contains("otel-collector", StringComparison.Ordinal) == true);
        // Jaeger v2 (jaegertracing/jaeger), not the end-of-life v1 all-in-one.
        Assert.Single(Compose.Services, s => ComposeFile.Text(s.Value, "image")?.StartsWith("jaegertracing/jaeger:2.", StringComparison.Ordinal) == true);
        Assert.Single(Compose.Services, s => ComposeFile.Text(s.Value, "image")?.StartsWith("prom/prometheus:", StringComparison.Ordinal) == true);
        Assert.Single(Compose.Services, s => ComposeFile.Text(s.Value, "image")?.StartsWith("grafana/grafana:", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void EveryService_HasAnImageOrBuild_AndARealHealthCheck()
    {
        foreach (var (name, service) in Compose.Services)
        {
            Assert.True(service.ContainsKey("image") || service.ContainsKey("build"), $"{name} has neither image nor build");
            if (IsOneShot(service))
            {
                continue;
            }

            var test = ComposeFile.List(ComposeFile.Map(service, "healthcheck"), "test");
            Assert.True(test.Count >= 2 && test[0] is "CMD" or "CMD-SHELL", $"{name}: healthcheck.test must be a CMD list, was [{string.Join(", ", test)}]");
        }
    }

    [Fact]
    public void HostServices_BuildTheRepositoryDockerfile()
    {
        foreach (var (name, service) in HostServices)
        {
            var build = ComposeFile.Map(service, "build");
            var context = Path.GetFullPath(Path.Combine(RepositoryPaths.Root, ComposeFile.Text(build, "context") ?? "."));
            Assert.Equal(RepositoryPaths.Root.TrimEnd('/'), context.TrimEnd('/'));
            Assert.True(File.Exists(Path.Combine(context, ComposeFile.Text(build, "dockerfile") ?? "Dockerfile")), $"{name}: the Dockerfile it builds does not exist");
        }
    }

    [Fact]
    public void DependsOn_NamesExistingServices_AndHostsWaitForAHealthyDatabase()
    {
        foreach (var (name, service) in Compose.Services.Where(s => s.Value.ContainsKey("depends_on")))
        {
            foreach (var (dependency, condition) in ComposeFile.Map(service, "depends_on"))
            {
                Assert.True(Compose.Services.ContainsKey((string)dependency), $"{name} depends on unknown service {dependency}");
                var expected = IsOneShot(Compose.Services[(string)dependency]) ? "service_completed_successfully" : "service_healthy";
                Assert.Equal(expected, ComposeFile.Text((Dictionary<object, object>)condition, "condition"));
            }
        }

        var database = Compose.Services.Single(s => ComposeFile.Text(s.Value, "image")?.StartsWith("postgres:", StringComparison.Ordinal) == true).Key;
        Assert.All(HostServices, s => Assert.True(ComposeFile.Map(s.Value, "depends_on").ContainsKey(database), $"{s.Key} does not wait for {database}"));
    }

    [Fact]
    public void Schema_IsMigratedOnceByAOneShotService_ThatEveryOtherHostWaitsFor()
    {
        var (migrate, definition) = Assert.Single(HostServices, s => Command(s.Value) is ["db", "migrate"]);

        Assert.True(IsOneShot(definition), $"{migrate} must run once (restart: \"no\"), not be restarted after it exits");
        foreach (var (name, service) in HostServices.Where(s => s.Key != migrate))
        {
            var dependencies = ComposeFile.Map(service, "depends_on");
            Assert.True(dependencies.ContainsKey(migrate), $"{name} does not wait for {migrate}");
            Assert.Equal("service_completed_successfully", ComposeFile.Text((Dictionary<object, object>)dependencies[migrate], "condition"));
            // Nothing else changes the schema: neither the process nor its health check migrates.
            Assert.DoesNotContain("migrate", Command(service));
            Assert.DoesNotContain("migrate", ComposeFile.List(ComposeFile.Map(service, "healthcheck"), "test"));
        }
    }

    [Fact]
    public void HostEnvironment_UsesOnlyKeysTheHostReads()
    {
        var problems = HostServices
            .SelectMany(s => ComposeFile.Environment(s.Value).Keys.Select(k => HostConfigurationKeys.Problem(k) is { } p ? $"{s.Key}: {p}" : null))
            .OfType<string>()
            .ToList();

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.All(HostServices, s => Assert.Contains("ConnectionStrings__Metadata", ComposeFile.Environment(s.Value).Keys));
    }

    [Fact]
    public void HostEnvironment_UnknownKey_IsReported()
    {
        Assert.Contains("no such key", HostConfigurationKeys.Problem("DataEngineer__ZombieTimeoutSecs"), StringComparison.Ordinal);
        Assert.Contains("no such key", HostConfigurationKeys.Problem("ConnectionString__Metadata"), StringComparison.Ordinal);
        Assert.Null(HostConfigurationKeys.Problem("DataEngineer__ZombieTimeoutSeconds"));
    }

    [Fact]
    public void HostEnvironment_ConnectionStringsPointAtTheDatabaseService()
    {
        var database = Compose.Services.Single(s => ComposeFile.Text(s.Value, "image")?.StartsWith("postgres:", StringComparison.Ordinal) == true);
        var user = ComposeFile.Environment(database.Value)["POSTGRES_USER"];
        var name = ComposeFile.Environment(database.Value)["POSTGRES_DB"];
        foreach (var (service, definition) in HostServices)
        {
            var builder = new Npgsql.NpgsqlConnectionStringBuilder(ComposeFile.Environment(definition)["ConnectionStrings__Metadata"]);
            Assert.True(builder.Host == database.Key, $"{service}: Metadata host {builder.Host}, the database service is {database.Key}");
            Assert.Equal(user, builder.Username);
            Assert.Equal(name, builder.Database);
        }
    }

    [Fact]
    public async Task Commands_UseVerbsAndOptionsTheCliHas()
    {
        foreach (var (name, service) in HostServices)
        {
            var command = Command(service);
            var verb = command.TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
            var help = await CliHarness.RunAsync(new Dictionary<string, string?>(), [.. verb, "--help"]);
            Assert.True(help.ExitCode == 0, $"{name}: '{string.Join(' ', verb)} --help' failed: {help.Error}");
            foreach (var option in command.Where(a => a.StartsWith("--", StringComparison.Ordinal)))
            {
                Assert.True(help.Out.Contains(option, StringComparison.Ordinal), $"{name}: '{string.Join(' ', verb)}' has no option {option}");
            }
        }
    }

    [Fact]
    public void HostServices_GetMoreTimeToStopThanTheWorkersShutdownTakes()
    {
        // The worker waits up to 30 s for running tries to end on SIGTERM; compose's default grace period is 10 s.
        foreach (var (name, service) in HostServices)
        {
            var grace = ComposeFile.Text(service, "stop_grace_period");
            Assert.True(grace is not null && grace.EndsWith('s') && int.Parse(grace[..^1], System.Globalization.CultureInfo.InvariantCulture) > 30, $"{name}: stop_grace_period '{grace}' is not above 30s");
        }
    }

    [Fact]
    public void Workers_ServeDifferentValidQueues()
    {
        var queues = Role("worker").Select(w => (ComposeFile.OptionValue(Command(w.Value), "--queues") ?? "default").Split(',')).ToList();

        Assert.All(queues.SelectMany(q => q), q => Assert.True(Identifiers.IsValidQueue(q), q));
        Assert.Empty(queues[0].Intersect(queues[1]));
    }

    [Fact]
    public async Task SchedulerAndWorkers_AreCheckedByTheHeartbeatVerbForTheirOwnRole()
    {
        var help = await CliHarness.RunAsync(new Dictionary<string, string?>(), ["health", "check", "--help"]);
        Assert.Equal(0, help.ExitCode);
        foreach (var (name, service) in Role("scheduler").Concat(Role("worker")))
        {
            var test = ComposeFile.List(ComposeFile.Map(service, "healthcheck"), "test");
            var at = test.ToList().IndexOf("health");
            Assert.True(at > 0 && test[at + 1] == "check", $"{name}: healthcheck does not run 'health check'");
            Assert.Contains("dataengineer.dll", test[at - 1], StringComparison.Ordinal);
            Assert.Equal(Command(service)[0], ComposeFile.OptionValue(test, "--role"));
            Assert.All(test.Skip(at + 2).Where(a => a.StartsWith("--", StringComparison.Ordinal)), o => Assert.Contains(o, help.Out, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Web_PublishesItsPortListensOnAllInterfacesAndChecksLiveness()
    {
        var (name, web) = Role("webserver").Single();
        var port = ComposeFile.OptionValue(Command(web), "--port") ?? "8080";
        var published = ComposeFile.List(web, "ports").Single().Split(':');

        Assert.Equal(port, published[^1]);
        Assert.Equal("0.0.0.0", ComposeFile.Environment(web)["DataEngineer__Web__ListenAddress"]);
        // Listening beyond loopback, the web host refuses to start without the host names it answers to.
        Assert.Contains("localhost", ComposeFile.Environment(web)["DataEngineer__Web__AllowedHosts"], StringComparison.Ordinal);
        var test = ComposeFile.List(ComposeFile.Map(web, "healthcheck"), "test");
        Assert.Contains($"http://127.0.0.1:{port}/health/live", test);
        Assert.True(ComposeFile.Environment(web).ContainsKey("DataEngineer__Web__Users__admin__PasswordHash"), $"{name} has no login configured");
    }

    [Fact]
    public void DagsFolder_IsMountedWhereTheHostsLookForIt()
    {
        foreach (var (name, service) in HostServices)
        {
            var folder = ComposeFile.Environment(service)["DataEngineer__DagsFolder"];
            var mount = ComposeFile.List(service, "volumes").Select(v => v.Split(':')).Single(v => v[1] == folder);
            Assert.True(Directory.Exists(Path.Combine(RepositoryPaths.Root, mount[0])), $"{name} mounts {mount[0]}, which is not in the repository");
            Assert.Equal(RepositoryPaths.DagsFolder, Path.GetFullPath(Path.Combine(RepositoryPaths.Root, mount[0])));
        }
    }

    [Fact]
    public void Telemetry_GoesToTheCollector_WhichForwardsTracesToTheViewer()
    {
        var collector = Compose.Services.Single(s => ComposeFile.Text(s.Value, "image")?.Contains("otel-collector", StringComparison.Ordinal) == true);
        var viewer = Compose.Services.Single(s => ComposeFile.Text(s.Value, "image")?.StartsWith("jaegertracing/", StringComparison.Ordinal) == true);
        var endpoint = new Uri(ComposeFile.Environment(HostServices.First().Value)["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.All(HostServices, s => Assert.Equal(endpoint.ToString(), new Uri(ComposeFile.Environment(s.Value)["OTEL_EXPORTER_OTLP_ENDPOINT"]).ToString()));
        Assert.Equal(collector.Key, endpoint.Host);

        var config = (Dictionary<object, object>)((List<object>)collector.Value["configs"]).Single();
        Assert.Contains($"--config={ComposeFile.Text(config, "target")}", Command(collector.Value));

        var collectorYaml = new YamlDotNet.Serialization.DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(Compose.ConfigContent(ComposeFile.Text(config, "source")!));
        var grpc = ComposeFile.Map(ComposeFile.Map(ComposeFile.Map(ComposeFile.Map(collectorYaml, "receivers"), "otlp"), "protocols"), "grpc");
        Assert.EndsWith($":{endpoint.Port}", ComposeFile.Text(grpc, "endpoint"), StringComparison.Ordinal);
        var traces = ComposeFile.Map(ComposeFile.Map(ComposeFile.Map(collectorYaml, "service"), "pipelines"), "traces");
        var exporter = ComposeFile.Map(ComposeFile.Map(collectorYaml, "exporters"), ((List<object>)traces["exporters"]).Cast<string>().Single());
        Assert.StartsWith($"{viewer.Key}:", ComposeFile.Text(exporter, "endpoint"), StringComparison.Ordinal);
        Assert.Contains("health_check", ((List<object>)ComposeFile.Map(collectorYaml, "service")["extensions"]).Cast<string>());
    }
}
