using System.Text.RegularExpressions;
using DataEngineer.Testing;

namespace DataEngineer.Host.Tests.Deployment;

/// <summary>
/// The configuration keys the host really has, derived rather than listed: a key is valid when the README documents
/// it (in backticks, either <c>A:B</c> or <c>A__B</c>; <c>&lt;name&gt;</c> segments match any name) and every fixed
/// segment of it appears in a string literal of the host's source code or is a bound property of one of its options
/// classes (so documentation alone cannot invent one).
/// </summary>
public static partial class HostConfigurationKeys
{
    private static readonly Lazy<IReadOnlyList<string[]>> Documented = new(ReadDocumented);
    private static readonly Lazy<HashSet<string>> CodeSegments = new(ReadCodeSegments);

    /// <summary>Why <paramref name="environmentVariable"/> is not a key the host reads, or null when it is.</summary>
    public static string? Problem(string environmentVariable)
    {
        var segments = environmentVariable.Split("__");
        var documented = Documented.Value.FirstOrDefault(d => d.Length == segments.Length
            && d.Zip(segments).All(p => IsWildcard(p.First) || string.Equals(p.First, p.Second, StringComparison.OrdinalIgnoreCase)));
        if (documented is null)
        {
            return $"{environmentVariable}: no such key in the README's configuration documentation";
        }

        var unread = documented.Where(s => !IsWildcard(s) && !CodeSegments.Value.Contains(s)).ToList();
        return unread.Count == 0 ? null : $"{environmentVariable}: the source never names {string.Join(", ", unread)}";
    }

    private static bool IsWildcard(string segment) => segment.StartsWith('<') && segment.EndsWith('>');

    private static List<string[]> ReadDocumented()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md"));
        return Backticked().Matches(readme)
            .SelectMany(m => KeyToken().Matches(m.Groups[1].Value))
            .Select(k => k.Value.Replace("__", ":", StringComparison.Ordinal).Split(':'))
            .ToList();
    }

    private static HashSet<string> ReadCodeSegments()
    {
        var segments = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "src"), "*.cs", SearchOption.AllDirectories))
        {
            foreach (Match literal in StringLiteral().Matches(File.ReadAllText(file)))
            {
                segments.UnionWith(literal.Groups[1].Value.Split(':', StringSplitOptions.RemoveEmptyEntries));
            }
        }

        // An options class's settable properties are the keys of its section.
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "src", "DataEngineer.Host", "Settings"), "*Options.cs"))
        {
            segments.UnionWith(BoundProperty().Matches(File.ReadAllText(file)).Select(m => m.Groups[1].Value));
        }

        return segments;
    }

    [GeneratedRegex("`([^`\n]+)`")]
    private static partial Regex Backticked();

    // DataEngineer:..., ConnectionStrings:..., Logging:... in either spelling, and the OTEL_* variables.
    [GeneratedRegex(@"\b(?:DataEngineer|ConnectionStrings|Logging)(?::|__)[A-Za-z0-9_:<>]*[A-Za-z0-9_>]|\bOTEL_[A-Z_]*[A-Z]")]
    private static partial Regex KeyToken();

    [GeneratedRegex("\"([A-Za-z_][A-Za-z0-9_:]*)\"")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"public [A-Za-z0-9_<>?, ]+ ([A-Za-z0-9_]+) \{ get;(?: (?:init|set);)? \}")]
    private static partial Regex BoundProperty();
}
