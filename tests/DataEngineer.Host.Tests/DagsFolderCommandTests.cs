using System.Text.Json;
using Xunit;

namespace DataEngineer.Host.Tests;

/// <summary>The DAGs folder from the command line: --dags-folder, list-import-errors, show with the file and a recorded version.</summary>
public sealed class DagsFolderCommandTests(CliFixture fixture) : IClassFixture<CliFixture>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dataengineer-cli-dags-").FullName;

    private const string GoodDag = """
        using DataEngineer.Sdk;

        public sealed class Mine() : Dag("mine", new DagOptions { Schedule = "@daily", StartDate = new DateTime(2024, 1, 1) })
        {
            protected override void Define(DagBuilder dag) => dag.Chain(dag.Task("a", ctx => { }), dag.Task("b", ctx => { }));
        }
        """;

    private Task<CliResult> RunAsync(params string[] args)
    {
        var settings = new Dictionary<string, string?>(fixture.Settings) { ["DataEngineer:DagCacheFolder"] = "" };
        return CliHarness.RunFolderOnlyAsync(settings, [.. args, "--dags-folder", _folder]);
    }

    [Fact]
    public async Task ListImportErrors_ABrokenFile_PrintsFileLineAndMessage_AndExitsOne()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "mine.cs"), GoodDag);
        await File.WriteAllTextAsync(Path.Combine(_folder, "broken.cs"), "using DataEngineer.Sdk;\n\npublic class Broken : Dag { int x = ; }\n");

        var result = await RunAsync("dags", "list-import-errors");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("broken.cs(3): CS", result.Out, StringComparison.Ordinal);
        Assert.False(result.HasStackTrace, result.Error);
        var listed = await RunAsync("dags", "list", "--json");
        using var json = JsonDocument.Parse(listed.Out);
        Assert.Contains(json.RootElement.GetProperty("dags").EnumerateArray(), d => d.GetProperty("dag_id").GetString() == "mine");
    }

    [Fact]
    public async Task ListImportErrors_Json_GivesSourceLineAndMessage()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "broken.cs"), "public class Broken : DataEngineer.Sdk.Dag { oops }\n");

        var result = await RunAsync("dags", "list-import-errors", "--json");

        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        var first = json.RootElement.EnumerateArray().First();
        Assert.Equal("broken.cs", first.GetProperty("source").GetString());
        Assert.Equal(1, first.GetProperty("line").GetInt32());
        Assert.StartsWith("CS", first.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_GivesEachFilesLoadTimeDagsTasksAndErrors()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "mine.cs"), GoodDag);
        await File.WriteAllTextAsync(Path.Combine(_folder, "broken.cs"), "public class Broken : DataEngineer.Sdk.Dag { oops }\n");

        var result = await RunAsync("dags", "report", "-o", "json");

        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(result.Out);
        var units = json.RootElement.GetProperty("units").EnumerateArray().ToDictionary(u => u.GetProperty("file").GetString()!);
        Assert.Equal(["broken.cs", "mine.cs"], units.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(1, units["mine.cs"].GetProperty("dags").GetInt32());
        Assert.Equal(2, units["mine.cs"].GetProperty("tasks").GetInt32());
        Assert.Equal(["mine"], units["mine.cs"].GetProperty("dag_ids").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal(0, units["mine.cs"].GetProperty("import_errors").GetInt32());
        Assert.True(units["mine.cs"].GetProperty("load_ms").GetDouble() > 0);
        Assert.Equal(0, units["broken.cs"].GetProperty("dags").GetInt32());
        Assert.True(units["broken.cs"].GetProperty("import_errors").GetInt32() >= 1);

        var table = await RunAsync("dags", "report");
        Assert.Contains("2 files, 1 DAGs, ", table.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_NoDagsFolder_IsAUsageErrorSayingHowToGiveOne()
    {
        var settings = new Dictionary<string, string?>(fixture.Settings) { ["DataEngineer:DagsFolder"] = "" };

        var result = await CliHarness.RunFolderOnlyAsync(settings, "dags", "report");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("none is configured: pass --dags-folder PATH or set DataEngineer:DagsFolder", result.Error, StringComparison.Ordinal);
        Assert.False(result.HasStackTrace, result.Error);
    }

    [Fact]
    public async Task ListImportErrors_NoErrors_ExitsZero()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "mine.cs"), GoodDag);

        var result = await RunAsync("dags", "list-import-errors");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("No import errors.", result.Out.Trim());
    }

    [Fact]
    public async Task DagsFolder_ThatDoesNotExist_IsAnImportErrorSayingHowToFixIt()
    {
        Directory.Delete(_folder);

        var result = await RunAsync("dags", "list-import-errors");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("does not exist", result.Out, StringComparison.Ordinal);
        Assert.Contains("--dags-folder", result.Out, StringComparison.Ordinal);
        Directory.CreateDirectory(_folder);
    }

    [Fact]
    public async Task DagsFolder_WithoutAValue_IsAUsageError()
    {
        var result = await CliHarness.RunAsync(fixture.Settings, "dags", "list", "--dags-folder");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--dags-folder", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_NamesTheFile_TheDagCameFrom()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "mine.cs"), GoodDag);

        var result = await RunAsync("dags", "show", "mine");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("  source:       mine.cs", result.Out, StringComparison.Ordinal);
        Assert.Contains("  b <- a", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_AVersionNeverRecorded_SaysWhereVersionsAreListed()
    {
        var settings = new Dictionary<string, string?>(fixture.Settings) { ["ConnectionStrings:Metadata"] = fixture.WarehouseConnectionString };
        Assert.Equal(0, (await CliHarness.RunAsync(settings, "db", "migrate")).ExitCode);

        var result = await CliHarness.RunAsync(settings, "dags", "show", "orders_etl", "--version", "0000deadbeef");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("No version '0000deadbeef' of DAG 'orders_etl' is recorded", result.Error, StringComparison.Ordinal);
        Assert.False(result.HasStackTrace, result.Error);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
