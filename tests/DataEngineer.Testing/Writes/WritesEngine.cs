using DataEngineer.Core.Connections;
using DataEngineer.Core.Catalog;
using DataEngineer.Core.Execution;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Validation;
using DataEngineer.Postgres.Metadata;
using DataEngineer.Sdk;
using Npgsql;

namespace DataEngineer.Testing.Writes;

/// <summary>
/// Runs <see cref="WritesEngineDag"/> on the real engine (<see cref="LocalDagRunner"/>) against a PostgreSQL metadata store in
/// its own schema, with the DAG's datasets in the catalog, and the database as the warehouse (schema <c>wr</c>, dropped first).
/// </summary>
public sealed class WritesEngine : IAsyncDisposable
{
    public static readonly DateTimeOffset Day = new(2024, 5, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly string _warehouse;

    private WritesEngine(string warehouse, NpgsqlDataSource dataSource, PostgresMetadataStore store, string schema)
    {
        _warehouse = warehouse;
        DataSource = dataSource;
        Store = store;
        Schema = schema;
    }

    public DagGraph Graph { get; } = DagValidator.Validate(new WritesEngineDag().Build());

    public NpgsqlDataSource DataSource { get; }

    public PostgresMetadataStore Store { get; }

    /// <summary>The metadata store's schema.</summary>
    public string Schema { get; }

    public static async Task<WritesEngine> StartAsync(string connectionString, string? schema = null)
    {
        var dataSource = NpgsqlDataSource.Create(connectionString);
        schema ??= "s_" + Guid.NewGuid().ToString("N")[..12];
        await SchemaMigrator.MigrateAsync(dataSource, schema);
        var engine = new WritesEngine(connectionString, dataSource, new PostgresMetadataStore(dataSource, new PostgresMetadataStoreOptions { Schema = schema }), schema);
        await engine.Store.ReplaceDatasetCatalogAsync(DatasetCatalogBuilder.Build([engine.Graph]));
        await using var command = dataSource.CreateCommand("DROP SCHEMA IF EXISTS wr CASCADE");
        await command.ExecuteNonQueryAsync();
        return engine;
    }

    /// <summary>Runs the DAG for the day <paramref name="day"/> days after <see cref="Day"/>, to its end.</summary>
    public async Task<RunSnapshot> RunDayAsync(int day, string conf = "{}")
    {
        var interval = new DataInterval(Day.AddDays(day), Day.AddDays(day + 1));
        var (run, tasks) = DagRunFactory.Create(Graph, DagRunType.Manual, interval, RunConf.Parse(conf, Graph.Definition.ParamsType), interval.End);
        await Store.CreateRunAsync(run, tasks);
        var options = new TaskRuntimeOptions { Connections = ConnectionRegistry.FromConnectionStrings(new Dictionary<string, string> { ["Warehouse"] = _warehouse }) };
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        return await new LocalDagRunner(Store, TimeProvider.System, options).RunAsync(Graph, run.Key, limit.Token);
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
