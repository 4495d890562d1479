using DataEngineer.Core.Validation;
using Xunit;

namespace DataEngineer.Host.Tests.Deployment;

/// <summary>
/// deploy/kubernetes rendered with kustomize and checked structurally against the host it runs (no cluster here):
/// roles, images, probes, grace periods, resources, secrets, configuration keys and CLI verbs the host really has.
/// </summary>
public sealed class KubernetesManifestTests
{
    private const string Overlay = "deploy/kubernetes/overlays/production";

    private static readonly KubernetesManifests Manifests = KubernetesManifests.Render(Overlay);

    private static IEnumerable<Dictionary<object, object>> Workloads => Manifests.OfKind("Deployment").Concat(Manifests.OfKind("Job"));

    private static IReadOnlyList<string> Args(Dictionary<object, object> workload) => ComposeFile.List(KubernetesManifests.Container(workload), "args");

    private static IEnumerable<Dictionary<object, object>> Role(string verb) => Manifests.OfKind("Deployment").Where(d => Args(d) is [var first, ..] && first == verb);

    [Fact]
    public void Overlay_RendersSchedulerWorkersPerQueueWebAndAMigrationJob_InItsNamespace()
    {
        Assert.Single(Role("scheduler"));
        Assert.Single(Role("webserver"));
        Assert.True(Role("worker").Count() >= 2, "expected workers on at least two queues");
        Assert.Single(Manifests.OfKind("Job"), j => Args(j) is ["db", "migrate"]);
        var ns = KubernetesManifests.Name(Manifests.OfKind("Namespace").Single());
        Assert.All(Manifests.Documents.Where(d => ComposeFile.Text(d, "kind") != "Namespace"), d => Assert.Equal(ns, KubernetesManifests.At(d, "metadata", "namespace")));
    }

    [Fact]
    public async Task Deployments_WaitForTheMigrationJob_WithTheNonMigratingCheck()
    {
        var help = await CliHarness.RunAsync(new Dictionary<string, string?>(), ["db", "check-migrations", "--help"]);
        Assert.Equal(0, help.ExitCode);
        foreach (var deployment in Manifests.OfKind("Deployment"))
        {
            var name = KubernetesManifests.Name(deployment);
            var init = ((List<object>?)KubernetesManifests.PodSpec(deployment).GetValueOrDefault("initContainers"))?.Cast<Dictionary<object, object>>().ToList() ?? [];
            var wait = Assert.Single(init);
            var args = ComposeFile.List(wait, "args");
            Assert.True(args is ["db", "check-migrations", ..], $"{name}: the init container runs '{string.Join(' ', args)}', not 'db check-migrations'");
            Assert.True(int.Parse(ComposeFile.OptionValue(args, "--wait") ?? "0", System.Globalization.CultureInfo.InvariantCulture) > 0, $"{name}: the init container does not wait");
            Assert.All(args.Where(a => a.StartsWith("--", StringComparison.Ordinal)), o => Assert.Contains(o, help.Out, StringComparison.Ordinal));
            Assert.Equal(ComposeFile.Text(KubernetesManifests.Container(deployment), "image"), ComposeFile.Text(wait, "image"));
            var env = ((List<object>)wait["env"]).Cast<Dictionary<object, object>>();
            Assert.Contains(env, e => (string)e["name"] == "ConnectionStrings__Metadata" && KubernetesManifests.At(e, "valueFrom", "secretKeyRef", "name") is string);
            // Nothing but the Job migrates: no container of a Deployment runs 'db migrate'.
            Assert.DoesNotContain("migrate", Args(deployment));
        }
    }

    [Fact]
    public void Workers_ServeDifferentValidQueues_AndTheOverlayScalesTheDefaultOne()
    {
        var queues = Role("worker").Select(w => (ComposeFile.OptionValue(Args(w), "--queues") ?? "default").Split(',')).ToList();

        Assert.All(queues.SelectMany(q => q), q => Assert.True(Identifiers.IsValidQueue(q), q));
        Assert.Equal(queues.Sum(q => q.Length), queues.SelectMany(q => q).Distinct().Count());
        var workerDefault = Role("worker").Single(w => ComposeFile.OptionValue(Args(w), "--queues") == "default");
        Assert.Equal(4, Convert.ToInt32(KubernetesManifests.At(workerDefault, "spec", "replicas"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void EveryWorkload_RunsThePinnedImageAsNonRoot_WithResourceRequests()
    {
        foreach (var workload in Workloads)
        {
            var name = KubernetesManifests.Name(workload);
            var container = KubernetesManifests.Container(workload);
            Assert.Equal("registry.example.com/data/dataengineer:1.0.0", ComposeFile.Text(container, "image"));
            Assert.Equal("true", KubernetesManifests.At(KubernetesManifests.PodSpec(workload), "securityContext", "runAsNonRoot") as string);
            Assert.True(KubernetesManifests.At(container, "resources", "requests", "cpu") is string, $"{name}: no cpu request");
            Assert.True(KubernetesManifests.At(container, "resources", "requests", "memory") is string, $"{name}: no memory request");
        }
    }

    [Fact]
    public void Deployments_SelectTheirOwnPods()
    {
        foreach (var deployment in Manifests.OfKind("Deployment"))
        {
            var selector = (Dictionary<object, object>)KubernetesManifests.At(deployment, "spec", "selector", "matchLabels")!;
            var labels = (Dictionary<object, object>)KubernetesManifests.At(deployment, "spec", "template", "metadata", "labels")!;
            Assert.All(selector, s => Assert.Equal(s.Value, labels.GetValueOrDefault(s.Key)));
        }
    }

    [Fact]
    public void Workers_GetMoreTimeToStopThanTheirShutdownTakes()
    {
        // The worker waits up to 30 s for running tries to end on SIGTERM (Hangfire's ShutdownTimeout) before exiting.
        foreach (var worker in Role("worker").Concat(Role("scheduler")))
        {
            var grace = Convert.ToInt32(KubernetesManifests.PodSpec(worker)["terminationGracePeriodSeconds"], System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(grace > 30, $"{KubernetesManifests.Name(worker)}: terminationGracePeriodSeconds {grace} is not above the 30 s shutdown");
        }
    }

    [Fact]
    public void SchedulerAndWorkers_AreProbedOverHttpOnTheHealthPortTheyAreConfiguredToServe()
    {
        foreach (var deployment in Role("scheduler").Concat(Role("worker")))
        {
            var name = KubernetesManifests.Name(deployment);
            var container = KubernetesManifests.Container(deployment);
            var env = ((List<object>)container["env"]).Cast<Dictionary<object, object>>().ToDictionary(e => (string)e["name"], e => e.GetValueOrDefault("value") as string);
            var port = (Dictionary<object, object>)((List<object>)container["ports"]).Single();
            // The process listens where the kubelet knocks: the configured port, on every interface of the pod.
            Assert.Equal(env.GetValueOrDefault("DataEngineer__Health__Port"), port["containerPort"] as string);
            Assert.Equal("0.0.0.0", env.GetValueOrDefault("DataEngineer__Health__ListenAddress"));
            Assert.Equal("/health/live", KubernetesManifests.At(container, "livenessProbe", "httpGet", "path"));
            Assert.Equal("/health/ready", KubernetesManifests.At(container, "readinessProbe", "httpGet", "path"));
            foreach (var probe in new[] { "livenessProbe", "readinessProbe" })
            {
                Assert.True(Equals(port["name"], KubernetesManifests.At(container, probe, "httpGet", "port")), $"{name}: {probe} does not knock on the health port");
            }
        }
    }

    [Fact]
    public void Web_ServiceTargetsItsPort_AndHttpProbesUseTheHealthEndpoints()
    {
        var web = Role("webserver").Single();
        var container = KubernetesManifests.Container(web);
        var port = (Dictionary<object, object>)((List<object>)container["ports"]).Single();
        Assert.Equal(ComposeFile.OptionValue(Args(web), "--port"), port["containerPort"] as string);

        var service = Manifests.OfKind("Service").Single();
        var target = KubernetesManifests.At((Dictionary<object, object>)((List<object>)KubernetesManifests.At(service, "spec", "ports")!).Single(), "targetPort") as string;
        Assert.Equal(port["name"] as string, target);
        var selector = (Dictionary<object, object>)KubernetesManifests.At(service, "spec", "selector")!;
        Assert.All(selector, s => Assert.Equal(s.Value, ((Dictionary<object, object>)KubernetesManifests.At(web, "spec", "template", "metadata", "labels")!).GetValueOrDefault(s.Key)));
        foreach (var probe in new[] { "livenessProbe", "readinessProbe" })
        {
            Assert.StartsWith("/health/", KubernetesManifests.At(container, probe, "httpGet", "path") as string, StringComparison.Ordinal);
            Assert.Equal(port["name"], KubernetesManifests.At(container, probe, "httpGet", "port"));
        }
    }

    [Fact]
    public async Task Args_UseVerbsAndOptionsTheCliHas()
    {
        foreach (var workload in Workloads)
        {
            var args = Args(workload);
            var verb = args.TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
            var help = await CliHarness.RunAsync(new Dictionary<string, string?>(), [.. verb, "--help"]);
            Assert.True(help.ExitCode == 0, $"{KubernetesManifests.Name(workload)}: '{string.Join(' ', verb)} --help' failed: {help.Error}");
            Assert.All(args.Where(a => a.StartsWith("--", StringComparison.Ordinal)), o => Assert.Contains(o, help.Out, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Environment_UsesOnlyKeysTheHostReads_AndCredentialsOnlyFromTheSecret()
    {
        var config = (Dictionary<object, object>)Manifests.OfKind("ConfigMap").Single()["data"];
        var problems = config.Keys.Cast<string>().Where(k => !k.StartsWith("OTEL_", StringComparison.Ordinal)).Select(HostConfigurationKeys.Problem).OfType<string>().ToList();
        foreach (var workload in Workloads)
        {
            var env = ((List<object>?)KubernetesManifests.Container(workload).GetValueOrDefault("env"))?.Cast<Dictionary<object, object>>().ToList() ?? [];
            problems.AddRange(env.Select(e => HostConfigurationKeys.Problem((string)e["name"])).OfType<string>().Select(p => $"{KubernetesManifests.Name(workload)}: {p}"));
            var metadata = env.SingleOrDefault(e => (string)e["name"] == "ConnectionStrings__Metadata");
            Assert.True(metadata is not null, $"{KubernetesManifests.Name(workload)} has no metadata connection");
            Assert.All(env.Where(e => ((string)e["name"]).StartsWith("ConnectionStrings__", StringComparison.Ordinal) || ((string)e["name"]).EndsWith("PasswordHash", StringComparison.Ordinal)),
                e => Assert.NotNull(KubernetesManifests.At(e, "valueFrom", "secretKeyRef", "name")));
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }
}
