using System.Text.RegularExpressions;
using Xunit;

namespace DataEngineer.Dags.Tests;

/// <summary>Every test the README's troubleshooting tables name exists, so the bad-input catalogue cannot point at nothing.</summary>
public partial class ReadmeTroubleshootingTests
{
    [Fact]
    public void EveryTestNamedInTheTroubleshootingSection_Exists()
    {
        var root = RepositoryRoot();
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        var start = readme.IndexOf("\n## Troubleshooting", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no '## Troubleshooting' section.");
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = end < 0 ? readme[start..] : readme[start..end];

        var named = TestName().Matches(section).Select(m => (Class: m.Groups["class"].Value, Method: m.Groups["method"].Value)).Distinct().ToList();
        var sources = Directory.EnumerateFiles(Path.Combine(root, "tests"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText)
            .ToList();

        Assert.True(named.Count >= 30, $"The troubleshooting section names only {named.Count} tests.");
        var missing = named
            .Where(n => !sources.Any(s => Regex.IsMatch(s, $@"\bclass {n.Class}\b") && Regex.IsMatch(s, $@"\b(async Task|void) {n.Method}\(")))
            .Select(n => $"{n.Class}.{n.Method}")
            .ToList();
        Assert.True(missing.Count == 0, $"README names tests that do not exist: {string.Join(", ", missing)}");
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "DataEngineer.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new DirectoryNotFoundException($"No DataEngineer.sln above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex(@"`(?<class>[A-Z][A-Za-z0-9]*Tests)\.(?<method>[A-Z][A-Za-z0-9_]*)`")]
    private static partial Regex TestName();
}
