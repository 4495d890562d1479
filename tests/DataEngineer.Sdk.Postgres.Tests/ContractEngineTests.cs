using DataEngineer.Core.Catalog;
using DataEngineer.Core.Execution;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Validation;
using DataEngineer.Postgres.Metadata;
using DataEngineer.Testing;
using Npgsql;
using Xunit;

namespace DataEngineer.Sdk.Postgres.Tests;

/// <summary>A contract broken on the real engine: the task fails without retries, the message names the consumers the store knows, nothing is committed.</summary>
public sealed class ContractEngineTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private static readonly DateTimeOffset Day = new(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly DagGraph _producer = DagValidator.Validate(new ContractEngineDags.Producer().Build());
    private NpgsqlDataSource _dataSource = null!;
    private PostgresMetadataStore _store = null!;

    public async Task InitializeAsync()
    {
        _dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        var schema = "s_" + Guid.NewGuid().ToString("N")[..12];
        await SchemaMigrator.MigrateAsync(_dataSource, schema);
        _store = new PostgresMetadataStore(_dataSource, new PostgresMetadataStoreOptions { Schema = schema });
        await _store.ReplaceDatasetCatalogAsync(DatasetCatalogBuilder.Build([_producer, DagValidator.Validate(new ContractEngineDags.Consumer().Build())]));
        await using var command = _dataSource.CreateCommand("DROP SCHEMA IF EXISTS ce CASCADE");
        await command.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync() => await _dataSource.DisposeAsync();

    private async Task<RunSnapshot> RunDayAsync(int day, string conf)
    {
        var interval = new DataInterval(Day.AddDays(day), Day.AddDays(day + 1));
        var (run, tasks) = DagRunFactory.Create(_producer, DagRunType.Manual, interval, RunConf.Parse(conf, _producer.Definition.ParamsType), interval.End);
        await _store.CreateRunAsync(run, tasks);
        var options = new TaskRuntimeOptions { Connections = DataEngineer.Core.Connections.ConnectionRegistry.FromConnectionStrings(new Dictionary<string, string> { ["Warehouse"] = database.ConnectionString }) };
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        return await new LocalDagRunner(_store, TimeProvider.System, options).RunAsync(_producer, run.Key, limit.Token);
    }

    [Fact]
    public async Task Run_BreaksTheContract_FailsOnceNamingTheConsumerAndCommitsNothing()
    {
        Assert.Equal(DagRunState.Success, (await RunDayAsync(0, "{}")).Run.State);

        var failed = await RunDayAsync(1, """{"nullEmail": true}""");

        Assert.Equal(TaskInstanceState.Failed, failed.Tasks["load"].State);
        var tries = await _store.ListTriesAsync(failed.Run.Key, "load");
        var error = Assert.Single(tries).Error;  // a broken contract is not retried
        Assert.Contains("column email is declared not nullable but 1 rows hold NULL", error, StringComparison.Ordinal);
        Assert.Contains("Consumers that would have broken (1): contract_consumer.report.", error, StringComparison.Ordinal);
        await using var count = _dataSource.CreateCommand("SELECT count(*) FROM ce.orders");
        Assert.Equal(1L, await count.ExecuteScalarAsync());
        var contract = (await _store.ListCheckResultsAsync(failed.Run.Key)).Single(c => c.Kind == "contract");
        Assert.Equal(1, contract.FailingCount);
    }
}
