using DataEngineer.Sdk.Testing;
using DataEngineer.Testing;
using Npgsql;
using Xunit;

namespace DataEngineer.Sdk.Postgres.Tests;

/// <summary>The SQL sensor against real PostgreSQL: run values bound, truthy first column, clear SQL errors.</summary>
public sealed class SqlSensorTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private NpgsqlConnection _connection = null!;

    public async Task InitializeAsync()
    {
        _connection = new NpgsqlConnection(database.ConnectionString);
        await _connection.OpenAsync();
        await Warehouse.ExecuteAsync(_connection, "CREATE TABLE IF NOT EXISTS sensor_batches (day date PRIMARY KEY, done boolean NOT NULL)");
    }

    public async Task DisposeAsync() => await _connection.DisposeAsync();

    [Fact]
    public async Task RowExists_NoRowThenFalseThenTrue_ReschedulesTwiceThenSucceeds()
    {
        var dag = new SensorDag(SqlSensors.RowExists("SELECT done FROM sensor_batches WHERE day = @logical_date::date"));
        var env = Environment();

        await Assert.ThrowsAsync<TaskRescheduleException>(() => env.RunAsync(dag, "wait"));
        await Warehouse.ExecuteAsync(_connection, "INSERT INTO sensor_batches VALUES ('2024-03-05', false) ON CONFLICT (day) DO UPDATE SET done = false");
        await Assert.ThrowsAsync<TaskRescheduleException>(() => env.RunAsync(dag, "wait"));
        await Warehouse.ExecuteAsync(_connection, "UPDATE sensor_batches SET done = true WHERE day = '2024-03-05'");

        await env.RunAsync(dag, "wait");
        Assert.Contains(env.Logs, l => l.Contains("the query returned True: met", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RowExists_QueryFails_FailsThePokeNamingTheSensorAndTheError()
    {
        var dag = new SensorDag(SqlSensors.RowExists("SELECT done FROM no_such_table"));

        var error = await Assert.ThrowsAsync<SqlTaskException>(() => Environment().RunAsync(dag, "wait"));

        Assert.Contains("SQL sensor wait failed", error.Message, StringComparison.Ordinal);
        Assert.Contains("no_such_table", error.Message, StringComparison.Ordinal);
    }

    private TaskTestEnvironment Environment()
    {
        var env = new TaskTestEnvironment { LogicalDate = new DateTimeOffset(2024, 3, 5, 0, 0, 0, TimeSpan.Zero) };
        env.ConnectionStrings["Warehouse"] = database.ConnectionString;
        return env;
    }

    private sealed class SensorDag(Func<TaskContext, Task<bool>> poke) : Dag("sql_sensor")
    {
        protected override void Define(DagBuilder dag) => dag.Sensor("wait", poke, new SensorOptions { PokeInterval = TimeSpan.FromSeconds(30) });
    }
}
