using DataEngineer.Execution.Hosting;
using DataEngineer.Postgres.Metadata;
using DataEngineer.Testing;
using Npgsql;
using Xunit;

namespace DataEngineer.Host.Tests.Secrets;

/// <summary><c>variables set | get | list | delete</c> against a real metadata database: secrets encrypted at rest, every change audited.</summary>
public sealed class VariablesCommandsTests(PostgresDatabaseFixture metadata) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private Dictionary<string, string?> Settings => new() { ["ConnectionStrings:Metadata"] = metadata.ConnectionString, ["ConnectionStrings:Warehouse"] = metadata.ConnectionString };

    public async Task InitializeAsync()
    {
        await using var dataSource = NpgsqlDataSource.Create(metadata.ConnectionString);
        await SchemaMigrator.MigrateAsync(dataSource);
        await JobStoreSchemas.InstallAsync(metadata.ConnectionString);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task SetGetListDelete_SecretEncryptedAndMasked_EachChangeAudited()
    {
        Assert.Equal(0, (await CliHarness.RunAsync(Settings, "variables", "set", "batch_size", "500", "--description", "rows per batch")).ExitCode);
        var set = await CliHarness.RunAsync(Settings, "variables", "set", "vendor_token", "cli-Secret-8812", "--secret");
        Assert.Equal(0, set.ExitCode);
        Assert.Contains("Set variable vendor_token (secret).", set.Out, StringComparison.Ordinal);

        Assert.Equal("500", (await CliHarness.RunAsync(Settings, "variables", "get", "batch_size")).Out.Trim());
        Assert.Equal("cli-Secret-8812", (await CliHarness.RunAsync(Settings, "variables", "get", "vendor_token")).Out.Trim());
        var list = await CliHarness.RunAsync(Settings, "variables", "list");
        Assert.Contains("batch_size", list.Out, StringComparison.Ordinal);
        Assert.Contains("rows per batch", list.Out, StringComparison.Ordinal);
        Assert.Contains("***", list.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("cli-Secret-8812", list.Out, StringComparison.Ordinal);
        var json = await CliHarness.RunAsync(Settings, "variables", "list", "-o", "json");
        var listed = System.Text.Json.JsonDocument.Parse(json.Out).RootElement.EnumerateArray().ToDictionary(v => v.GetProperty("key").GetString()!);
        Assert.Equal(("500", false, "rows per batch"), (listed["batch_size"].GetProperty("value").GetString(), listed["batch_size"].GetProperty("secret").GetBoolean(),
            listed["batch_size"].GetProperty("description").GetString()));
        Assert.Equal(("***", true), (listed["vendor_token"].GetProperty("value").GetString(), listed["vendor_token"].GetProperty("secret").GetBoolean()));
        Assert.DoesNotContain("cli-Secret-8812", json.Out, StringComparison.Ordinal);

        await using var dataSource = NpgsqlDataSource.Create(metadata.ConnectionString);
        var store = new PostgresMetadataStore(dataSource);
        var stored = await store.GetVariableAsync("vendor_token");
        Assert.True(stored!.IsSecret);
        Assert.DoesNotContain("cli-Secret-8812", stored.Value, StringComparison.Ordinal);

        Assert.Equal(0, (await CliHarness.RunAsync(Settings, "variables", "delete", "batch_size")).ExitCode);
        var gone = await CliHarness.RunAsync(Settings, "variables", "get", "batch_size");
        Assert.Equal(2, gone.ExitCode);
        Assert.Contains("No variable 'batch_size'", gone.Error, StringComparison.Ordinal);
        Assert.Contains("dataengineer variables set batch_size", gone.Error, StringComparison.Ordinal);
        Assert.False(gone.HasStackTrace);

        var audit = (await store.ListAuditAsync(0, 50)).Entries;
        Assert.Contains(audit, e => e is { Action: "variable.set", Target: "vendor_token", Detail: "secret=true" } && e.Actor.StartsWith("cli:", StringComparison.Ordinal));
        Assert.Contains(audit, e => e is { Action: "variable.delete", Target: "batch_size" });
        Assert.DoesNotContain(audit, e => e.Detail.Contains("cli-Secret-8812", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("bad key")]
    [InlineData("semi;colon")]
    public async Task Set_InvalidKey_SaysWhatIsAllowed(string key)
    {
        var result = await CliHarness.RunAsync(Settings, "variables", "set", key, "x");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"The variable key '{key}' is not valid", result.Error, StringComparison.Ordinal);
        Assert.False(result.HasStackTrace);
    }
}
