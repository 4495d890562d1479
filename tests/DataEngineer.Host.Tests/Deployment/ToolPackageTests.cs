using System.IO.Compression;
using System.Text.Json;
using DataEngineer.Testing;
using Xunit;

namespace DataEngineer.Host.Tests.Deployment;

/// <summary>
/// The three packages as a user gets them: full metadata, and the `dataengineer` tool installed from the package
/// folder and run from where `dotnet tool install` put it.
/// </summary>
public sealed class ToolPackageTests(PackedPackages packages) : IClassFixture<PackedPackages>
{
    [Theory]
    [InlineData("DataEngineer.Sdk")]
    [InlineData("DataEngineer.Sdk.Postgres")]
    [InlineData("dataengineer")]
    public void Package_HasTheMetadataAUserAndNuGetShow(string id)
    {
        var metadata = packages.Nuspec(id);
        string Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value ?? "";

        Assert.Equal(id, Value("id"));
        Assert.Equal("The DataEngineer contributors", Value("authors"));
        Assert.Equal("Apache-2.0", Value("license"));
        Assert.Equal("README.md", Value("readme"));
        Assert.False(string.IsNullOrWhiteSpace(Value("description")));
        Assert.Contains("orchestrator", Value("tags"), StringComparison.Ordinal);
        Assert.NotEqual("1.0.0", Value("version"));
        Assert.True(File.Exists(Path.Combine(packages.Packages, $"{id}.{Value("version")}.snupkg")), $"no symbols package for {id}");
        using var archive = ZipFile.OpenRead(packages.PackagePath(id));
        Assert.Contains(archive.Entries, e => e.FullName == "README.md");
    }

    [Fact]
    public void SdkPostgres_DependsOnTheSdkOfItsOwnVersion()
    {
        var metadata = packages.Nuspec("DataEngineer.Sdk.Postgres");
        var version = metadata.Elements().Single(e => e.Name.LocalName == "version").Value;
        var dependencies = metadata.Descendants().Where(e => e.Name.LocalName == "dependency").ToDictionary(e => e.Attribute("id")!.Value, e => e.Attribute("version")!.Value);

        Assert.Equal(version, dependencies["DataEngineer.Sdk"]);
        Assert.DoesNotContain(dependencies.Keys, k => k.StartsWith("Hangfire", StringComparison.Ordinal));
    }

    [Fact]
    public void Tool_ShipsTheLicenceAndTheNoticesOfItsDependencies()
    {
        using var archive = ZipFile.OpenRead(packages.PackagePath("dataengineer"));
        var names = archive.Entries.Select(e => e.FullName).ToHashSet();

        Assert.Contains("LICENSE", names);
        Assert.Contains("THIRD-PARTY-NOTICES.md", names);
        Assert.Contains("licenses/LGPL-3.0.txt", names);
        Assert.Contains("tools/net10.0/any/Hangfire.Core.dll", names);
    }

    [Fact]
    public async Task Tool_InstalledFromThePackageFolder_RunsAsDataengineer()
    {
        var version = packages.Nuspec("dataengineer").Elements().Single(e => e.Name.LocalName == "version").Value;
        var tools = Path.Combine(packages.Folder, "tools");

        var install = await PackedPackages.RunAsync("dotnet", packages.Folder, "tool", "install", "dataengineer", "--tool-path", tools, "--add-source", packages.Packages, "--version", version);
        Assert.True(install.ExitCode == 0, $"dotnet tool install failed:\n{install.Out}\n{install.Error}");

        var command = Path.Combine(tools, "dataengineer");
        var printed = await PackedPackages.RunAsync(command, packages.Folder, "--version");
        Assert.Equal(0, printed.ExitCode);
        Assert.StartsWith(version, printed.Out.Trim(), StringComparison.Ordinal);

        // The installed tool compiles and loads a DAGs folder on its own (the Sdk ships inside the tool).
        var list = await PackedPackages.RunAsync(command, packages.Folder, "dags", "list", "--dags-folder", RepositoryPaths.DagsFolder, "--json");
        Assert.True(list.ExitCode == 0, list.Error);
        using var json = JsonDocument.Parse(list.Out);
        Assert.Contains(json.RootElement.GetProperty("dags").EnumerateArray(), d => d.GetProperty("dag_id").GetString() == "orders_etl");
    }
}
