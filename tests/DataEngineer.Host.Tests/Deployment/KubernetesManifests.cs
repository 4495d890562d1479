using System.Diagnostics;
using DataEngineer.Testing;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace DataEngineer.Host.Tests.Deployment;

/// <summary>
/// An overlay of deploy/kubernetes rendered by <c>kubectl kustomize</c> (Debian's kubectl; no cluster needed) and
/// parsed as plain YAML documents, with typed reads of what the tests check.
/// </summary>
public sealed class KubernetesManifests
{
    private KubernetesManifests(IReadOnlyList<Dictionary<object, object>> documents) => Documents = documents;

    public IReadOnlyList<Dictionary<object, object>> Documents { get; }

    public static KubernetesManifests Render(string overlay)
    {
        var start = new ProcessStartInfo("kubectl") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("kustomize");
        start.ArgumentList.Add(Path.Combine(RepositoryPaths.Root, overlay));
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("kubectl is not installed: `apt-get install kubectl` (.ci/run installs it).", e);
        }

        using (process)
        {
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"kubectl kustomize {overlay} failed: {error.Result}");
            }

            var parser = new Parser(new StringReader(output));
            var deserializer = new DeserializerBuilder().Build();
            var documents = new List<Dictionary<object, object>>();
            parser.Consume<StreamStart>();
            while (!parser.Accept<StreamEnd>(out _))
            {
                documents.Add(deserializer.Deserialize<Dictionary<object, object>>(parser));
            }

            return new KubernetesManifests(documents);
        }
    }

    public IEnumerable<Dictionary<object, object>> OfKind(string kind) => Documents.Where(d => ComposeFile.Text(d, "kind") == kind);

    public static string Name(Dictionary<object, object> resource) => ComposeFile.Text(ComposeFile.Map(resource, "metadata"), "name")!;

    public static Dictionary<object, object> PodSpec(Dictionary<object, object> workload) =>
        ComposeFile.Map(ComposeFile.Map(ComposeFile.Map(workload, "spec"), "template"), "spec");

    public static Dictionary<object, object> Container(Dictionary<object, object> workload) =>
        (Dictionary<object, object>)((List<object>)PodSpec(workload)["containers"]).Single();

    /// <summary>A path of mapping keys, or null where one is missing.</summary>
    public static object? At(Dictionary<object, object> node, params string[] path)
    {
        object? current = node;
        foreach (var key in path)
        {
            current = current is Dictionary<object, object> map && map.TryGetValue(key, out var next) ? next : null;
        }

        return current;
    }
}
