using System.Text.Json;
using DataEngineer.Testing;
using Xunit;

namespace DataEngineer.Host.Tests;

/// <summary>The built executable as a user runs it: real process, real exit codes, real streams.</summary>
public class ProcessTests(CliFixture fixture) : IClassFixture<CliFixture>
{
    private Task<CliResult> RunAsync(params string[] args) => fixture.RunExecutableAsync(RepositoryPaths.DagsFolder, args);

    [Fact]
    public async Task Executable_DagsTestOrdersEtl_SucceedsWithJsonOnStandardOutput()
    {
        var result = await RunAsync("dags", "test", "orders_etl", "--date", "2024-03-01", "--json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal("success", json.RootElement.GetProperty("state").GetString());
        Assert.Equal(4, json.RootElement.GetProperty("tasks").GetArrayLength());
    }

    [Fact]
    public async Task Executable_UnknownDag_ExitsTwoWithoutAStackTrace()
    {
        var result = await RunAsync("dags", "test", "orders_etI");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: No DAG 'orders_etI'. Known DAGs: customers_snapshot, dataengineer_retention, orders_etl, orders_star, partner_inbox, region_sales, sales_report.", result.Error, StringComparison.Ordinal);
        Assert.False(result.HasStackTrace, result.Error);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task Executable_Help_ListsTheVerbs()
    {
        var result = await RunAsync("dags", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("list", result.Out, StringComparison.Ordinal);
        Assert.Contains("show", result.Out, StringComparison.Ordinal);
        Assert.Contains("test", result.Out, StringComparison.Ordinal);
    }
}
