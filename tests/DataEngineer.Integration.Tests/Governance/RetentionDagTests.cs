using DataEngineer.Core.Execution;
using DataEngineer.Core.Governance;
using DataEngineer.Core.Loading;
using DataEngineer.Core.States;
using DataEngineer.Execution.Governance;
using DataEngineer.Execution.Loading;
using DagFiles = DataEngineer.Integration.Tests.Loading.DagFiles;
using DataEngineer.Postgres.Metadata;
using DataEngineer.Sdk;
using DataEngineer.Testing;
using Npgsql;
using Xunit;

namespace DataEngineer.Integration.Tests.Governance;

/// <summary>The built-in <c>dataengineer_retention</c> DAG: derived from the loaded DAGs' policies, registered beside them, run on real PostgreSQL.</summary>
public sealed class RetentionDagTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    private static Dataset Sessions(string column = "started_at", int days = 30) =>
        new("ret_dag.sessions") { Retention = new RetentionPolicy(column, TimeSpan.FromDays(days)) };

    private static readonly Dataset Clicks = new("ret_dag.clicks") { Retention = new RetentionPolicy("clicked_at", TimeSpan.FromDays(7)) };

    private sealed class Producer(Dataset sessions) : Dag("ret_producer", new DagOptions())
    {
        protected override void Define(DagBuilder dag)
        {
            dag.Task("write_sessions", _ => { }, new TaskOptions { Writes = [sessions, Clicks] });
            dag.Task("plain", _ => { });
        }
    }

    private sealed class Consumer(Dataset sessions) : Dag("ret_consumer", new DagOptions())
    {
        protected override void Define(DagBuilder dag) => dag.Task("read_sessions", _ => { }, new TaskOptions { Reads = [sessions] });
    }

    private static DagCatalog Loaded(Dataset producerSessions, Dataset consumerSessions) => DagCatalog.Combine(
    [
        DagCatalog.FromInstance(new Producer(producerSessions), "producer.cs"),
        DagCatalog.FromInstance(new Consumer(consumerSessions), "consumer.cs"),
    ]);

    [Fact]
    public void For_DeclaredPolicies_OneDailyTaskPerDataset_StableVersion()
    {
        var loaded = Loaded(Sessions(), Sessions());

        var catalog = RetentionDag.For(loaded);

        Assert.Empty(catalog.Errors);
        var dag = catalog.Get(RetentionRuns.DagId);
        Assert.Equal(["ret_dag.clicks", "ret_dag.sessions"], dag.TopologicalOrder.Select(t => t.Id).Order(StringComparer.Ordinal));
        Assert.Equal(("@daily", false, 1), (dag.Options.Schedule, dag.Options.Catchup, dag.Options.MaxActiveRuns));
        Assert.All(dag.Tasks.Values, t => Assert.Empty(t.Definition.Options.Writes));
        Assert.Equal(RetentionDag.Source, catalog.Sources[RetentionRuns.DagId]);
        Assert.Equal(dag.Version, RetentionDag.For(loaded).Get(RetentionRuns.DagId).Version);
        Assert.Empty(RetentionDag.For(DagCatalog.FromInstance(new Consumer(new Dataset("ret_dag.sessions")), "consumer.cs")).Dags);
    }

    [Fact]
    public void For_DisagreeingPolicies_ImportErrorNamingBothAndNoTaskForThatDataset()
    {
        var catalog = RetentionDag.For(Loaded(Sessions(days: 30), Sessions(days: 90)));

        var error = Assert.Single(catalog.Errors);
        Assert.Equal(RetentionRuns.DagId, error.DagId);
        Assert.Contains("dataset ret_dag.sessions has different retention policies (ret_consumer: keep 90.00:00:00 by started_at; ret_producer: keep 30.00:00:00 by started_at)", error.Message, StringComparison.Ordinal);
        Assert.Equal(["ret_dag.clicks"], catalog.Get(RetentionRuns.DagId).Tasks.Keys);
    }

    [Fact]
    public void For_HostileColumn_ImportErrorAndNoTask()
    {
        var hostile = Sessions("started_at; DROP TABLE ret_dag.sessions");

        var catalog = RetentionDag.For(Loaded(hostile, hostile));

        var error = Assert.Single(catalog.Errors);
        Assert.Contains("dataset ret_dag.sessions: its retention column: 'started_at; DROP TABLE ret_dag.sessions' is not a valid SQL identifier", error.Message, StringComparison.Ordinal);
        Assert.Equal(["ret_dag.clicks"], catalog.Get(RetentionRuns.DagId).Tasks.Keys);
    }

    [Fact]
    public async Task Run_DeletesExpiredRowsPerDataset_AndTheLastRunIsReadBack()
    {
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        await using (var setup = dataSource.CreateCommand("""
            DROP SCHEMA IF EXISTS ret_dag CASCADE; CREATE SCHEMA ret_dag;
            CREATE TABLE ret_dag.sessions (id integer, started_at timestamptz);
            CREATE TABLE ret_dag.clicks (id integer, clicked_at timestamp);
            INSERT INTO ret_dag.sessions SELECT g, timestamptz '2024-06-02T00:00:00Z' - g * interval '1 day' FROM generate_series(1, 40) AS g;
            INSERT INTO ret_dag.clicks SELECT g, timestamp '2024-06-02T12:00:00' - g * interval '1 day' FROM generate_series(1, 10) AS g;
            """))
        {
            await setup.ExecuteNonQueryAsync();
        }

        var schema = "s_" + Guid.NewGuid().ToString("N")[..12];
        await SchemaMigrator.MigrateAsync(dataSource, schema);
        var store = new PostgresMetadataStore(dataSource, new PostgresMetadataStoreOptions { Schema = schema });
        var graph = RetentionDag.For(Loaded(Sessions(), Sessions())).Get(RetentionRuns.DagId);
        var interval = new DataInterval(new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2024, 6, 2, 0, 0, 0, TimeSpan.Zero));
        var (run, tasks) = DagRunFactory.Create(graph, DagRunType.Scheduled, interval, RunConf.Empty, interval.End);
        await store.CreateRunAsync(run, tasks);
        var options = new TaskRuntimeOptions { Connections = DataEngineer.Core.Connections.ConnectionRegistry.FromConnectionStrings(new Dictionary<string, string> { ["Warehouse"] = database.ConnectionString }) };

        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var ended = await new LocalDagRunner(store, TimeProvider.System, options).RunAsync(graph, run.Key, limit.Token);

        Assert.Equal(DagRunState.Success, ended.Run.State);
        // Kept: sessions of the last 30 days (the one exactly 30 days old included), clicks of the last 7.
        await using (var count = dataSource.CreateCommand("SELECT (SELECT count(*) FROM ret_dag.sessions), (SELECT count(*) FROM ret_dag.clicks)"))
        await using (var reader = await count.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            Assert.Equal((30L, 7L), (reader.GetInt64(0), reader.GetInt64(1)));
        }

        var last = await RetentionRuns.LastAsync(store, store, "ret_dag.sessions");
        Assert.NotNull(last);
        Assert.Equal((run.RunId, TaskInstanceState.Success), (last.RunId, last.State));
        Assert.Equal(new RetentionResult("ret_dag.sessions", "started_at", TimeSpan.FromDays(30), interval.End.AddDays(-30), 10, 1), last.Result);
        var log = string.Join("\n", (await store.GetLogAsync(run.Key, "ret_dag.sessions", 1)).Select(l => l.Message));
        Assert.Contains("Retention of ret_dag.sessions: deleted 10 rows whose started_at is before 2024-05-03T00:00:00Z", log, StringComparison.Ordinal);
        Assert.Null(await RetentionRuns.LastAsync(store, store, "ret_dag.unknown"));
    }

    [Fact]
    public void FolderRegistry_RegistersTheRetentionDagBesideTheFolderDags_AndDropsItWithThePolicy()
    {
        using var files = new DagFiles();
        var registry = new DagFolderRegistry(new DagFolderOptions { Folder = files.Folder, SystemDags = RetentionDag.For }, DagCatalog.Empty, TimeProvider.System);
        files.Write("events.cs", """
            using DataEngineer.Sdk;

            public sealed class EventsDag() : Dag("events_etl", new DagOptions { Schedule = "@daily", StartDate = new DateTime(2024, 1, 1) })
            {
                private static readonly Dataset Events = new("raw.events") { Retention = new RetentionPolicy("received_at", TimeSpan.FromDays(400)) };

                protected override void Define(DagBuilder dag) => dag.Task("load", _ => { }, new TaskOptions { Writes = [Events] });
            }
            """);

        registry.Reload();

        Assert.Empty(registry.Errors);
        Assert.Equal(["raw.events"], registry.Find(RetentionRuns.DagId)!.Tasks.Keys);
        Assert.Equal(RetentionDag.Source, registry.Sources[RetentionRuns.DagId]);

        files.Write("events.cs", DagFiles.Dag("EventsDag", "events_etl", ["load"]));
        registry.Reload();
        Assert.Null(registry.Find(RetentionRuns.DagId));
        Assert.NotNull(registry.Find("events_etl"));
    }
}
