using DataEngineer.Core.Storage;
using DataEngineer.Execution.Hosting;
using DataEngineer.Host.Settings;
using DataEngineer.Postgres.Metadata;
using DataEngineer.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Npgsql;
using Xunit;

namespace DataEngineer.Host.Tests;

/// <summary><c>health check</c> (the container health check of schedulers and workers) and the web listen address setting.</summary>
public sealed class HealthCheckCommandTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    private Dictionary<string, string?> Settings => new() { ["ConnectionStrings:Metadata"] = database.ConnectionString };

    private async Task HeartbeatAsync(string role, string hostname, DateTimeOffset at)
    {
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        await SchemaMigrator.MigrateAsync(dataSource);
        await JobStoreSchemas.InstallAsync(database.ConnectionString);
        await new PostgresMetadataStore(dataSource).HeartbeatProcessAsync(new EngineProcessRecord
        {
            ProcessId = $"{hostname}:{role}:{at.ToUnixTimeMilliseconds()}",
            Hostname = hostname,
            Roles = [role],
            StartedAt = at,
            HeartbeatAt = at,
        });
    }

    [Fact]
    public async Task HealthCheck_RecentHeartbeatOfTheRoleOnThisHost_ExitsZero()
    {
        await HeartbeatAsync("worker", Environment.MachineName, DateTimeOffset.UtcNow);

        var result = await CliHarness.RunAsync(Settings, "health", "check", "--role", "worker");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.StartsWith("healthy: worker", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HealthCheck_OtherRoleOtherHostOrStaleHeartbeat_ExitsOne()
    {
        await HeartbeatAsync("web", Environment.MachineName, DateTimeOffset.UtcNow);
        await HeartbeatAsync("scheduler", "another-container", DateTimeOffset.UtcNow);
        await HeartbeatAsync("scheduler", Environment.MachineName, DateTimeOffset.UtcNow.AddMinutes(-5));

        var result = await CliHarness.RunAsync(Settings, "health", "check", "--role", "scheduler");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"no scheduler process on host '{Environment.MachineName}' heartbeated in the last 30 s", result.Error, StringComparison.Ordinal);
        Assert.Equal(0, (await CliHarness.RunAsync(Settings, "health", "check", "--role", "scheduler", "--host", "another-container")).ExitCode);
    }

    [Theory]
    [InlineData(new[] { "health", "check", "--role", "janitor" }, "--role 'janitor': give one of scheduler, worker, web.")]
    [InlineData(new[] { "health", "check", "--role", "worker", "--within", "1" }, "--within 1: give a number of seconds between 5 and 3600")]
    [InlineData(new[] { "health", "check" }, "--role")]
    public async Task HealthCheck_BadInput_ExitsTwoWithAClearMessage(string[] args, string expected)
    {
        var result = await CliHarness.RunAsync(Settings, args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.False(result.HasStackTrace, result.Error);
    }

    [Theory]
    [InlineData(null, "127.0.0.1")]
    [InlineData("0.0.0.0", "0.0.0.0")]
    [InlineData(" 10.1.2.3 ", "10.1.2.3")]
    [InlineData("::", "[::]")]
    public void WebListenAddress_ValidOrUnset_IsTheAddressToBind(string? setting, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["DataEngineer:Web:ListenAddress"] = setting }).Build();

        Assert.Equal(expected, StartupSettings.Read<WebOptions>(configuration).Listen);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("0.0.0.0:8080")]
    [InlineData("'; rm -rf /")]
    public void WebListenAddress_NotAnIpAddress_NamesTheKeyAndTheFix(string setting)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["DataEngineer:Web:ListenAddress"] = setting }).Build();

        var error = Assert.Throws<OptionsValidationException>(() => StartupSettings.Read<WebOptions>(configuration));
        Assert.StartsWith($"DataEngineer:Web:ListenAddress is '{setting}'; give an IP address", Assert.Single(error.Failures), StringComparison.Ordinal);
    }
}
