using System.Text.Json;
using Xunit;

namespace DataEngineer.Host.Tests.Deployment;

/// <summary>
/// <c>dataengineer init</c> as a user outside this repository meets it: the generated project restores the Sdk packages
/// (packed from the tested build, from a local folder), builds, passes its own tests, and the host runs its DAG.
/// </summary>
public sealed class InitProjectTests(PackedPackages packages) : IClassFixture<PackedPackages>
{
    // The example DAG touches no database; a warehouse is named so `dags test` does not start a managed one.
    private static readonly Dictionary<string, string?> Settings = new() { ["ConnectionStrings:Warehouse"] = "Host=127.0.0.1;Database=unused" };

    [Fact]
    public async Task Init_GeneratedProject_BuildsPassesItsTests_AndTheHostRunsItsDag()
    {
        var project = Path.Combine(packages.Folder, "sales-dags");

        var init = await CliHarness.RunFolderOnlyAsync(Settings, "init", project);
        Assert.True(init.ExitCode == 0, init.Error);
        Assert.Contains("dataengineer dags test sales_dags --dags-folder dags", init.Out, StringComparison.Ordinal);
        var csproj = await File.ReadAllTextAsync(Path.Combine(project, "SalesDags.csproj"));
        var version = packages.Nuspec("DataEngineer.Sdk").Elements().Single(e => e.Name.LocalName == "version").Value;
        Assert.Contains($"""<PackageReference Include="DataEngineer.Sdk" Version="{version}" />""", csproj, StringComparison.Ordinal);

        // A local package source beside the project, as a team without a feed would use; other packages come from the
        // machine's package cache (as a fallback folder) so the test restores nothing from the network it need not.
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        await File.WriteAllTextAsync(Path.Combine(packages.Folder, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="local" value="{packages.Packages}" />
              </packageSources>
              <fallbackPackageFolders>
                <add key="machine" value="{cache}" />
              </fallbackPackageFolders>
            </configuration>
            """);
        var isolated = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(packages.Folder, "nuget-packages") };

        var test = await PackedPackages.RunAsync("dotnet", project, isolated, "test", "tests");
        Assert.True(test.ExitCode == 0, $"dotnet test of the generated project failed:\n{test.Out}\n{test.Error}");
        Assert.Contains("Passed!", test.Out, StringComparison.Ordinal);

        var run = await CliHarness.RunFolderOnlyAsync(Settings, "dags", "test", "sales_dags", "--dags-folder", Path.Combine(project, "dags"), "--date", "2024-03-01", "--json");
        Assert.True(run.ExitCode == 0, run.Error + run.Out);
        using var json = JsonDocument.Parse(run.Out);
        Assert.Equal("success", json.RootElement.GetProperty("state").GetString());
        Assert.Equal(3, json.RootElement.GetProperty("tasks").GetArrayLength());
    }

    [Fact]
    public async Task Init_NonEmptyFolder_IsRefusedAndLeftAsItWas()
    {
        var folder = Directory.CreateDirectory(Path.Combine(packages.Folder, "taken")).FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "notes.txt"), "mine");

        var result = await CliHarness.RunFolderOnlyAsync(Settings, "init", folder);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is not empty (it has 'notes.txt')", result.Error, StringComparison.Ordinal);
        Assert.Contains("new or empty folder", result.Error, StringComparison.Ordinal);
        Assert.False(result.HasStackTrace, result.Error);
        Assert.Equal(["notes.txt"], Directory.EnumerateFileSystemEntries(folder).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("--name", "123")]
    [InlineData("--name", "---")]
    public async Task Init_NameThatCannotBeAnIdentifier_SaysHowToPassOne(string option, string name)
    {
        var folder = Path.Combine(packages.Folder, $"bad-{Guid.NewGuid():N}");

        var result = await CliHarness.RunFolderOnlyAsync(Settings, "init", folder, option, name);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"'{name}' cannot name a project", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder));
    }
}
