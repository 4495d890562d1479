using DataEngineer.Core.Execution;
using DataEngineer.Core.States;
using DataEngineer.Core.Validation;
using DataEngineer.Postgres.Metadata;
using DataEngineer.Testing;
using Npgsql;
using Xunit;

namespace DataEngineer.Sdk.Postgres.Tests;

/// <summary>A failing check on a table with a PII column, on the engine with PostgreSQL stores: the sample, the log and the error hold no e-mail.</summary>
public sealed class PiiSampleMaskingTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task FailingCheck_SampleLogAndError_MaskPiiColumnsOfTheDataset()
    {
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        await using (var setup = dataSource.CreateCommand("""
            DROP SCHEMA IF EXISTS pii CASCADE; CREATE SCHEMA pii;
            CREATE TABLE pii.customers (customer_id integer, email text, full_name text, country text);
            INSERT INTO pii.customers VALUES (1, 'ann.smith@example.org', 'Ann Smith', 'NL'), (2, 'bob.jones@example.com', NULL, 'DE');
            """))
        {
            await setup.ExecuteNonQueryAsync();
        }

        var schema = "s_" + Guid.NewGuid().ToString("N")[..12];
        await SchemaMigrator.MigrateAsync(dataSource, schema);
        var store = new PostgresMetadataStore(dataSource, new PostgresMetadataStoreOptions { Schema = schema });
        var graph = DagValidator.Validate(new PiiChecksDag().Build());
        var day = new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var (run, tasks) = DagRunFactory.Create(graph, DagRunType.Manual, new DataInterval(day, day.AddDays(1)), RunConf.Empty, day.AddDays(1));
        await store.CreateRunAsync(run, tasks);
        var options = new TaskRuntimeOptions { Connections = DataEngineer.Core.Connections.ConnectionRegistry.FromConnectionStrings(new Dictionary<string, string> { ["Warehouse"] = database.ConnectionString }) };

        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var ended = await new LocalDagRunner(store, TimeProvider.System, options).RunAsync(graph, run.Key, limit.Token);

        var task = ended.Tasks["check_customers"];
        Assert.Equal(TaskInstanceState.Failed, task.State);
        var check = Assert.Single(await store.ListCheckResultsAsync(run.Key));
        Assert.Equal(1, check.FailingCount);
        Assert.Equal("""[{"customer_id":2,"email":"b***@***.com","full_name":null,"country":"DE"}]""", check.SampleJson);
        Assert.Contains("b***@***.com", task.Error, StringComparison.Ordinal);
        var log = string.Join("\n", (await store.GetLogAsync(run.Key, "check_customers", 1)).Select(l => l.Message));
        Assert.Contains("b***@***.com", log, StringComparison.Ordinal);
        Assert.DoesNotContain("bob.jones", log + task.Error + check.SampleJson, StringComparison.OrdinalIgnoreCase);
    }
}
