using Xunit;

namespace DataEngineer.Host.Tests.Secrets;

/// <summary><c>connections list | get | test</c> with each source of connections, and what a bad one says.</summary>
public sealed class ConnectionCommandsTests(CliFixture fixture) : IClassFixture<CliFixture>, IDisposable
{
    private const string Password = "s3cr3t-Pa55word";
    private readonly string _secrets = Directory.CreateTempSubdirectory("dataengineer-conn-secrets-").FullName;

    private Dictionary<string, string?> Settings(params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?>(fixture.Settings);
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return settings;
    }

    [Fact]
    public async Task Get_FromConfigurationUri_ShowsItsPartsWithThePasswordMasked()
    {
        var result = await CliHarness.RunAsync(Settings(("DataEngineer:Connections:crm", $"postgresql://etl:{Password}@crm.example:6543/sales?sslmode=require")),
            "connections", "get", "CRM");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("host:     crm.example", result.Out, StringComparison.Ordinal);
        Assert.Contains("port:     6543", result.Out, StringComparison.Ordinal);
        Assert.Contains("database: sales", result.Out, StringComparison.Ordinal);
        Assert.Contains("login:    etl", result.Out, StringComparison.Ordinal);
        Assert.Contains("sslmode=require", result.Out, StringComparison.Ordinal);
        Assert.Contains("password: ***", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, result.Out + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_FromConfigurationSection_ReadsEachField()
    {
        var result = await CliHarness.RunAsync(Settings(
                ("DataEngineer:Connections:api:Kind", "https"), ("DataEngineer:Connections:api:Host", "api.example"),
                ("DataEngineer:Connections:api:Password", Password), ("DataEngineer:Connections:api:Extras:timeout", "30")),
            "connections", "get", "api");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("kind:     https", result.Out, StringComparison.Ordinal);
        Assert.Contains("uri:      https://:***@api.example?timeout=30", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_FromEnvironmentVariableUri_AsAirflowConn()
    {
        var result = await CliHarness.RunAsync(Settings(("DATAENGINEER_CONN_BILLING_DB", $"postgres://bill:{Uri.EscapeDataString("p@ss/word")}@10.0.0.5:5432/billing")),
            "connections", "get", "billing_db");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("host:     10.0.0.5", result.Out, StringComparison.Ordinal);
        Assert.Contains("login:    bill", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("p@ss/word", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_FromSecretFile_ReadsTheMountedSecret()
    {
        await File.WriteAllTextAsync(Path.Combine(_secrets, "lake"), $"s3://reader:{Password}@minio.local:9000/raw\n");
        // Kubernetes mounts secrets through ..data links, which the key-per-file provider skips.
        Directory.CreateDirectory(Path.Combine(_secrets, "..2026_12_03"));

        var result = await CliHarness.RunAsync(Settings(("DataEngineer:ConnectionsDirectory", _secrets)), "connections", "list");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("lake", result.Out, StringComparison.Ordinal);
        Assert.Contains("minio.local", result.Out, StringComparison.Ordinal);
        Assert.Contains("Warehouse", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_AsJson_MasksPasswordsAndSensitiveExtras()
    {
        var result = await CliHarness.RunAsync(Settings(
                ("DataEngineer:Connections:api:Kind", "https"), ("DataEngineer:Connections:api:Host", "api.example"), ("DataEngineer:Connections:api:Password", Password),
                ("DataEngineer:Connections:api:Extras:timeout", "30"), ("DataEngineer:Connections:api:Extras:api_key", Password)),
            "connections", "list", "-o", "json");

        Assert.Equal(0, result.ExitCode);
        var api = System.Text.Json.JsonDocument.Parse(result.Out).RootElement.EnumerateArray().Single(c => c.GetProperty("name").GetString() == "api");
        Assert.Equal(("https", "api.example", "***"), (api.GetProperty("kind").GetString(), api.GetProperty("host").GetString(), api.GetProperty("password").GetString()));
        Assert.Equal(("30", "***"), (api.GetProperty("extras").GetProperty("timeout").GetString(), api.GetProperty("extras").GetProperty("api_key").GetString()));
        Assert.DoesNotContain(Password, result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lookup_ConfigurationWinsOverEnvironmentOverFiles()
    {
        await File.WriteAllTextAsync(Path.Combine(_secrets, "dup"), "postgresql://u:p@from-file/db");
        var settings = Settings(("DataEngineer:ConnectionsDirectory", _secrets), ("DATAENGINEER_CONN_DUP", "postgresql://u:p@from-env/db"));
        Assert.Contains("from-env", (await CliHarness.RunAsync(settings, "connections", "get", "dup")).Out, StringComparison.Ordinal);

        settings["DataEngineer:Connections:dup"] = "postgresql://u:p@from-config/db";
        Assert.Contains("from-config", (await CliHarness.RunAsync(settings, "connections", "get", "dup")).Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_Warehouse_LogsIn()
    {
        var result = await fixture.RunAsync("connections", "test", "warehouse");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("works: logged in as", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_WrongPassword_SaysTheServerRefusedIt()
    {
        var good = new Npgsql.NpgsqlConnectionStringBuilder(fixture.WarehouseConnectionString);
        var uri = $"postgresql://{good.Username}:wrong-{Password}@{good.Host}:{good.Port}/{good.Database}";

        var result = await CliHarness.RunAsync(Settings(("DataEngineer:Connections:bad", uri)), "connections", "test", "bad");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("the server refused it", result.Error, StringComparison.Ordinal);
        Assert.Contains("28P01", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_Unreachable_SaysItCannotReachTheHost()
    {
        var result = await CliHarness.RunAsync(Settings(("DataEngineer:Connections:gone", "postgresql://u:p@127.0.0.1:1/db")), "connections", "test", "gone");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("cannot reach 127.0.0.1:1", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_Unknown_NamesItAndEverySourceLookedIn()
    {
        var result = await CliHarness.RunAsync(Settings(("DataEngineer:ConnectionsDirectory", _secrets)), "connections", "get", "nope");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("No connection 'nope'", result.Error, StringComparison.Ordinal);
        Assert.Contains("DataEngineer:Connections:nope", result.Error, StringComparison.Ordinal);
        Assert.Contains("DATAENGINEER_CONN_NOPE", result.Error, StringComparison.Ordinal);
        Assert.Contains(_secrets, result.Error, StringComparison.Ordinal);
        Assert.False(result.HasStackTrace);
    }

    [Theory]
    [InlineData("warehouse-at-db:5432", "kind")]
    [InlineData("postgresql://u:p@db:54x2/dw", "port")]
    [InlineData("postgresql://u:p@db:70000/dw", "port")]
    [InlineData("postgresql://u:p%zz@db/dw", "password")]
    [InlineData("postgresql://u:p@db/dw?sslmode", "extras")]
    public async Task MalformedEnvironmentUri_NamesTheVariableAndTheWrongPart(string uri, string part)
    {
        var result = await CliHarness.RunAsync(Settings(("DATAENGINEER_CONN_BROKEN", uri)), "connections", "list");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("DATAENGINEER_CONN_BROKEN is not a valid connection URI", result.Error, StringComparison.Ordinal);
        Assert.Contains($"its {part} is wrong", result.Error, StringComparison.Ordinal);
        Assert.False(result.HasStackTrace);
    }

    [Fact]
    public async Task UnreadableSecretFile_NamesTheDirectoryAndTheFix()
    {
        // A secret whose target went away (a dangling link) cannot be read, even by root.
        File.CreateSymbolicLink(Path.Combine(_secrets, "stale"), Path.Combine(_secrets, "removed-target"));

        var result = await CliHarness.RunAsync(Settings(("DataEngineer:ConnectionsDirectory", _secrets)), "connections", "list");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"Cannot read the connection secret files in {_secrets}", result.Error, StringComparison.Ordinal);
        Assert.Contains("readable", result.Error, StringComparison.Ordinal);
        Assert.False(result.HasStackTrace);
    }

    [Fact]
    public async Task MissingSecretsDirectory_SaysSo()
    {
        var missing = Path.Combine(_secrets, "not-mounted");
        var result = await CliHarness.RunAsync(Settings(("DataEngineer:ConnectionsDirectory", missing)), "connections", "list");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"'{missing}', which is not a directory", result.Error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_secrets, recursive: true);
}
