using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace DataEngineer.Host.Tests.Deployment;

/// <summary>docker-compose.yml parsed as plain YAML (anchors and <c>&lt;&lt;</c> merges resolved), with typed reads of what the tests check.</summary>
public sealed class ComposeFile
{
    private readonly Dictionary<object, object> _root;

    private ComposeFile(Dictionary<object, object> root) => _root = root;

    public static ComposeFile Load(string path)
    {
        using var reader = new StreamReader(path);
        var root = new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(new MergingParser(new Parser(reader)));
        return new ComposeFile(root);
    }

    public IReadOnlyDictionary<string, Dictionary<object, object>> Services =>
        Map(_root, "services").ToDictionary(s => (string)s.Key, s => (Dictionary<object, object>)s.Value);

    /// <summary>The text of an inline <c>configs: name: content:</c> entry.</summary>
    public string ConfigContent(string name) => (string)Map(Map(_root, "configs"), name)["content"];

    public static Dictionary<object, object> Map(Dictionary<object, object> node, string key) =>
        node.TryGetValue(key, out var value) && value is Dictionary<object, object> map
            ? map
            : throw new InvalidOperationException($"'{key}' is missing or not a mapping.");

    public static IReadOnlyList<string> List(Dictionary<object, object> node, string key) =>
        node.TryGetValue(key, out var value) && value is List<object> list
            ? list.Select(i => (string)i).ToList()
            : [];

    public static string? Text(Dictionary<object, object> node, string key) => node.TryGetValue(key, out var value) ? value as string : null;

    /// <summary>A service's environment as a dictionary (compose allows a mapping or a list of KEY=VALUE).</summary>
    public static IReadOnlyDictionary<string, string> Environment(Dictionary<object, object> service)
    {
        if (!service.TryGetValue("environment", out var value))
        {
            return new Dictionary<string, string>();
        }

        return value switch
        {
            Dictionary<object, object> map => map.ToDictionary(e => (string)e.Key, e => e.Value as string ?? ""),
            List<object> list => list.Select(i => ((string)i).Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : ""),
            _ => throw new InvalidOperationException("environment is neither a mapping nor a list."),
        };
    }

    /// <summary>The value after <paramref name="option"/> in a command line, or null.</summary>
    public static string? OptionValue(IReadOnlyList<string> command, string option)
    {
        var at = command.ToList().IndexOf(option);
        return at >= 0 && at + 1 < command.Count ? command[at + 1] : null;
    }
}
