using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using DataEngineer.Execution.Hosting;
using DataEngineer.Postgres.Metadata;
using DataEngineer.Testing;
using Npgsql;
using Xunit;

namespace DataEngineer.Host.Tests.Secrets;

/// <summary>
/// <c>dags test</c> and <c>tasks test</c> give tasks the metadata database's variables (secret ones decrypted with the key
/// ring the <c>variables</c> commands used) when <c>ConnectionStrings:Metadata</c> is set, and <c>--var KEY=VALUE</c> over them.
/// </summary>
public sealed class TestCommandVariablesTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private const string Dag = VariableReadingDag.DagId;

    private Dictionary<string, string?> WithMetadata => new() { ["ConnectionStrings:Metadata"] = database.ConnectionString, ["ConnectionStrings:Warehouse"] = database.ConnectionString };

    private Dictionary<string, string?> WithoutMetadata => new() { ["ConnectionStrings:Warehouse"] = database.ConnectionString };

    // Only `db migrate` creates the schema; the CLI's other verbs refuse a database without it.
    public async Task InitializeAsync()
    {
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        await SchemaMigrator.MigrateAsync(dataSource);
        await JobStoreSchemas.InstallAsync(database.ConnectionString);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task DagsAndTasksTest_ReadTheMetadataDatabasesVariables_ASecretOneDecrypted_VarWins()
    {
        await SetAsync("batch_size", "500");
        await SetAsync("vendor_token", "tok-Vendor-771", "--secret");

        var dags = await CliHarness.RunAsync(WithMetadata, "dags", "test", Dag, "--json");
        Assert.True(dags.ExitCode == 0, dags.Out + dags.Error);
        Assert.Equal("500|177-rodneV-kot", await ReturnValueAsync(WithMetadata));
        Assert.Equal("42|177-rodneV-kot", await ReturnValueAsync(WithMetadata, "--var", "batch_size=42"));
    }

    [Fact]
    public async Task DagsTest_WithoutAMetadataDatabase_TakesVarOptions_AValueMayHoldEquals()
    {
        var dags = await CliHarness.RunAsync(WithoutMetadata, "dags", "test", Dag, "--var", "batch_size=7", "--var", "vendor_token=a=b", "--json");

        Assert.True(dags.ExitCode == 0, dags.Out + dags.Error);
        Assert.Equal("7|b=a", await ReturnValueAsync(WithoutMetadata, "--var", "batch_size=7", "--var", "vendor_token=a=b"));
    }

    [Fact]
    public async Task DagsTest_UnknownVariable_FailsTheTask_NamingTheKeyAndTheVarOption()
    {
        var result = await CliHarness.RunAsync(WithoutMetadata, "dags", "test", Dag, "--var", "vendor_token=x", "--json");

        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        var error = json.RootElement.GetProperty("tasks")[0].GetProperty("error").GetString();
        Assert.Contains("No variable 'batch_size'", error, StringComparison.Ordinal);
        Assert.Contains("--var batch_size=<value>", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("batch_size", "give a variable as KEY=VALUE, e.g. --var batch_size=500")]
    [InlineData("=500", "give a variable as KEY=VALUE")]
    [InlineData("bad key=1", "The variable key 'bad key' is not valid: use 1 to 250 letters, digits, '_', '-' and '.'.")]
    public async Task DagsTest_MalformedVar_SaysHowToWriteIt(string given, string expected)
    {
        var result = await CliHarness.RunAsync(WithoutMetadata, "dags", "test", Dag, "--var", given);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"--var '{given}': {expected}", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", result.Error, StringComparison.Ordinal);
        Assert.False(result.HasStackTrace);
    }

    [Fact]
    public async Task DagsTest_MetadataDatabaseUnreachable_WarnsNamingIt_AndRunsWithTheVarOptions()
    {
        using var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        var settings = WithoutMetadata;
        settings["ConnectionStrings:Metadata"] = string.Create(CultureInfo.InvariantCulture, $"Host=127.0.0.1;Port={port};Database=meta;Username=u;Password=p;Timeout=3");

        var result = await CliHarness.RunAsync(settings, "dags", "test", Dag, "--var", "batch_size=3", "--var", "vendor_token=zy", "--json");

        Assert.True(result.ExitCode == 0, result.Out + result.Error);
        Assert.Contains($"Warning: the metadata database's variables were not read. Cannot use the metadata database 127.0.0.1:{port}/meta", result.Error, StringComparison.Ordinal);
        Assert.Contains("Tasks get only the --var variables.", result.Error, StringComparison.Ordinal);
        Assert.False(result.HasStackTrace);
    }

    private async Task SetAsync(params string[] args)
    {
        var result = await CliHarness.RunAsync(WithMetadata, ["variables", "set", .. args]);
        Assert.True(result.ExitCode == 0, result.Out + result.Error);
    }

    private static async Task<string?> ReturnValueAsync(Dictionary<string, string?> settings, params string[] vars)
    {
        var result = await CliHarness.RunAsync(settings, ["tasks", "test", Dag, "read", "--json", .. vars]);
        Assert.True(result.ExitCode == 0, result.Out + result.Error);
        using var json = JsonDocument.Parse(result.Out);
        return json.RootElement.GetProperty("return_value").GetString();
    }
}
