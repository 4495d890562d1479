using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Xunit;

namespace DataEngineer.Host.Tests.DagProjects;

/// <summary>
/// A DAGs subfolder with a project file: the host builds it with the .NET SDK (restoring its NuGet packages offline
/// from a local folder) and runs its DAG beside the folder's plain DAG files; a project that fails to restore or
/// compile is an import error with the file and line, and every other DAG keeps loading.
/// </summary>
public sealed class DagProjectUnitTests : IDisposable
{
    private const string PlainDag = """
        using DataEngineer.Sdk;

        public sealed class Plain() : Dag("plain", new DagOptions { StartDate = new DateTime(2024, 1, 1) })
        {
            protected override void Define(DagBuilder dag) => dag.Task("a", ctx => { });
        }
        """;

    private readonly string _scratch = Directory.CreateTempSubdirectory("dataengineer-dag-project-").FullName;

    private string Dags => Path.Combine(_scratch, "dags");

    private Task<CliResult> RunAsync(params string[] args)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Warehouse"] = "Host=127.0.0.1;Database=unused",
            ["DataEngineer:DagCacheFolder"] = Path.Combine(_scratch, "cache"),
        };
        return CliHarness.RunFolderOnlyAsync(settings, [.. args, "--dags-folder", Dags]);
    }

    [Fact]
    public async Task DagsTest_ProjectUnitUsingANuGetPackage_IsBuiltAndItsTaskRunsWithThePackage()
    {
        DagProjectFiles.Write(Path.Combine(Dags, "greetings"), _scratch);
        await File.WriteAllTextAsync(Path.Combine(Dags, "plain.cs"), PlainDag);

        var run = await RunAsync("dags", "test", "greetings", "--date", "2024-03-01", "--json");

        Assert.True(run.ExitCode == 0, run.Error + run.Out);
        using var json = JsonDocument.Parse(run.Out);
        Assert.Equal("success", json.RootElement.GetProperty("state").GetString());
        var spell = json.RootElement.GetProperty("tasks").EnumerateArray().Single();
        Assert.Equal(3, spell.GetProperty("rows_written").GetInt64());
        Assert.True(File.Exists(Path.Combine(_scratch, "packages", "humanizer.core", DagProjectFiles.HumanizerVersion, $"humanizer.core.{DagProjectFiles.HumanizerVersion}.nupkg")),
            "the package was not restored into the project's own package folder from the local source");
        Assert.False(Directory.Exists(Path.Combine(Dags, "greetings", "obj")), "the build wrote into the DAGs folder");

        var listed = await RunAsync("dags", "list", "--json");
        using var dags = JsonDocument.Parse(listed.Out);
        Assert.Equal(["greetings", "plain"], dags.RootElement.GetProperty("dags").EnumerateArray().Select(d => d.GetProperty("dag_id").GetString()).Where(id => id is "greetings" or "plain").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ListImportErrors_ProjectThatDoesNotCompile_NamesTheFileAndLine_AndTheOtherDagsLoad()
    {
        var broken = DagProjectFiles.GreetingsDag.Replace("ctx.Rows.AddWritten(words.Split(' ').Length);", "ctx.Rows.AddWritten(words.Split(' ').Length)", StringComparison.Ordinal);
        DagProjectFiles.Write(Path.Combine(Dags, "greetings"), _scratch, broken);
        await File.WriteAllTextAsync(Path.Combine(Dags, "plain.cs"), PlainDag);

        var result = await RunAsync("dags", "list-import-errors", "--json");

        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        var error = json.RootElement.EnumerateArray().Single();
        Assert.Equal("greetings/GreetingsDag.cs", error.GetProperty("source").GetString());
        Assert.Equal(11, error.GetProperty("line").GetInt32());
        Assert.StartsWith("CS1002: ; expected", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        var listed = await RunAsync("dags", "list", "--json");
        using var dags = JsonDocument.Parse(listed.Out);
        Assert.Contains(dags.RootElement.GetProperty("dags").EnumerateArray(), d => d.GetProperty("dag_id").GetString() == "plain");
    }

    [Fact]
    public async Task ListImportErrors_UnreachablePackageSource_IsARestoreErrorNamingTheSource()
    {
        var source = $"https://127.0.0.1:{ClosedPort()}/v3/index.json";
        // A package no cache holds, so restore has to ask the source.
        DagProjectFiles.Write(Path.Combine(Dags, "greetings"), _scratch, packageId: "DataEngineer.Tests.NotPublished", packageSource: source);
        await File.WriteAllTextAsync(Path.Combine(Dags, "plain.cs"), PlainDag);

        var result = await RunAsync("dags", "list-import-errors", "--json");

        Assert.Equal(1, result.ExitCode);
        Assert.False(result.HasStackTrace, result.Error);
        using var json = JsonDocument.Parse(result.Out);
        var errors = json.RootElement.EnumerateArray().ToList();
        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.StartsWith("greetings/", e.GetProperty("source").GetString(), StringComparison.Ordinal));
        Assert.Contains(errors, e => e.GetProperty("message").GetString()!.StartsWith("NU1301", StringComparison.Ordinal) && e.GetProperty("message").GetString()!.Contains(source, StringComparison.Ordinal));
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    // A loopback port nothing listens on: bound, read, released.
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
