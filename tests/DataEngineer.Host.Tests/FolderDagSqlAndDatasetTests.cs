using System.Text.Json;
using Xunit;

namespace DataEngineer.Host.Tests;

/// <summary>A folder DAG scheduled on datasets with a SQL task whose .sql file sits beside its .cs file in a subfolder.</summary>
public sealed class FolderDagSqlAndDatasetTests(CliFixture fixture) : IClassFixture<CliFixture>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dataengineer-cli-sqldags-").FullName;

    private const string SqlDag = """
        using DataEngineer.Sdk;
        using DataEngineer.Sdk.Postgres;

        public sealed class Marts() : Dag("folder_marts", new DagOptions { ScheduleOn = DatasetSchedule.Any(new Dataset("warehouse.orders"), new Dataset("warehouse.customers")) })
        {
            protected override void Define(DagBuilder dag) =>
                dag.SqlTask("build", SqlScript.File("sql/build.sql"), options: new TaskOptions { Writes = [new Dataset("folder_marts_out")] });
        }
        """;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private Task<CliResult> RunAsync(params string[] args)
    {
        var settings = new Dictionary<string, string?>(fixture.Settings) { ["DataEngineer:DagCacheFolder"] = "" };
        return CliHarness.RunFolderOnlyAsync(settings, [.. args, "--dags-folder", _folder]);
    }

    [Fact]
    public async Task FolderDag_SqlFileBesideItsSource_RunsWithBoundValues_AndTheScheduleIsListedInWords()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "marts", "sql"));
        await File.WriteAllTextAsync(Path.Combine(_folder, "marts", "Marts.cs"), SqlDag);
        await File.WriteAllTextAsync(Path.Combine(_folder, "marts", "sql", "build.sql"),
            "CREATE TABLE IF NOT EXISTS folder_marts_out (day date, run text);\nINSERT INTO folder_marts_out VALUES (@logical_date::date, @run_id), (@data_interval_end::date, @dag_id);\n");

        var listed = await RunAsync("dags", "list", "--json");
        var tested = await RunAsync("tasks", "test", "folder_marts", "build", "--date", "2024-02-01", "--json");

        using (var json = JsonDocument.Parse(listed.Out))
        {
            var dag = json.RootElement.GetProperty("dags").EnumerateArray().Single(d => d.GetProperty("dag_id").GetString() == "folder_marts");
            Assert.Equal("when any of warehouse.orders, warehouse.customers is updated", dag.GetProperty("schedule_on").GetString());
        }

        Assert.Equal(0, tested.ExitCode);
        using var result = JsonDocument.Parse(tested.Out);
        Assert.Equal("success", result.RootElement.GetProperty("state").GetString());
        Assert.Equal(2, result.RootElement.GetProperty("return_value").GetInt64());
        Assert.Equal(2, result.RootElement.GetProperty("rows_written").GetInt64());
    }

    [Fact]
    public async Task FolderDag_SqlFileMissing_FailsNamingThePathBesideTheSource()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "marts"));
        await File.WriteAllTextAsync(Path.Combine(_folder, "marts", "Marts.cs"), SqlDag);

        var tested = await RunAsync("tasks", "test", "folder_marts", "build", "--date", "2024-02-01", "--json");

        Assert.Equal(1, tested.ExitCode);
        using var result = JsonDocument.Parse(tested.Out);
        Assert.Contains($"The file 'sql/build.sql' was not found. Looked in: {Path.Combine(_folder, "marts", "sql", "build.sql")}",
            result.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }
}
