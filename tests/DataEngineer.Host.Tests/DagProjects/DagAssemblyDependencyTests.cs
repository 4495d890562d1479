using System.Text.Json;
using Xunit;

namespace DataEngineer.Host.Tests.DagProjects;

/// <summary>
/// A published DAG assembly listed in <c>DataEngineer:DagAssemblies</c>: its NuGet dependencies load from its publish
/// folder in a context of its own, and a dependency missing from there is an import error naming it.
/// </summary>
public sealed class DagAssemblyDependencyTests(PublishedDagProject project) : IClassFixture<PublishedDagProject>
{
    private static Task<CliResult> RunAsync(string assembly, params string[] args) => CliHarness.RunFolderOnlyAsync(
        new Dictionary<string, string?>
        {
            ["ConnectionStrings:Warehouse"] = "Host=127.0.0.1;Database=unused",
            ["DataEngineer:DagsFolder"] = "",
            ["DataEngineer:DagAssemblies"] = assembly,
        },
        args);

    [Fact]
    public async Task DagsTest_PublishedAssembly_RunsItsTaskWithTheDependencyFromItsPublishFolder()
    {
        var run = await RunAsync(project.Assembly, "dags", "test", "greetings", "--date", "2024-03-01", "--json");

        Assert.True(run.ExitCode == 0, run.Error + run.Out);
        using var json = JsonDocument.Parse(run.Out);
        Assert.Equal("success", json.RootElement.GetProperty("state").GetString());
        Assert.Equal(3, json.RootElement.GetProperty("tasks").EnumerateArray().Single().GetProperty("rows_written").GetInt64());
    }

    [Fact]
    public async Task ListImportErrors_PublishedAssemblyWithoutItsDependency_NamesTheDependency()
    {
        var incomplete = Directory.CreateDirectory(Path.Combine(project.Folder, $"incomplete-{Guid.NewGuid():N}")).FullName;
        foreach (var file in Directory.GetFiles(project.Published).Where(f => Path.GetFileName(f) != "Humanizer.dll"))
        {
            File.Copy(file, Path.Combine(incomplete, Path.GetFileName(file)));
        }

        var assembly = Path.Combine(incomplete, "Greetings.dll");
        var result = await RunAsync(assembly, "dags", "list-import-errors", "--json");

        Assert.Equal(1, result.ExitCode);
        Assert.False(result.HasStackTrace, result.Error);
        using var json = JsonDocument.Parse(result.Out);
        var error = json.RootElement.EnumerateArray().Single();
        Assert.Equal(assembly, error.GetProperty("source").GetString());
        Assert.Contains("needs 'Humanizer' version 2.", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("dotnet publish", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
