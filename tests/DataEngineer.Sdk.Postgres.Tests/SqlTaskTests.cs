using System.Reflection;
using System.Reflection.Emit;
using DataEngineer.Sdk.Testing;
using DataEngineer.Testing;
using Npgsql;
using Xunit;

namespace DataEngineer.Sdk.Postgres.Tests;

/// <summary>SQL tasks against real PostgreSQL: bound parameters, affected rows, one transaction, clear errors.</summary>
public sealed class SqlTaskTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private const string Hostile = "'); DROP TABLE sql_daily_totals; --";
    private NpgsqlConnection _connection = null!;

    public async Task InitializeAsync()
    {
        _connection = new NpgsqlConnection(database.ConnectionString);
        await _connection.OpenAsync();
        await Warehouse.ExecuteAsync(_connection,
            "CREATE TABLE IF NOT EXISTS sql_daily_totals (day date NOT NULL, region text NOT NULL, total bigint NOT NULL, run_id text NOT NULL, note text);" +
            "CREATE TABLE IF NOT EXISTS sql_regions (region text)");
    }

    public async Task DisposeAsync() => await _connection.DisposeAsync();

    private TaskTestEnvironment Environment(string conf)
    {
        var env = new TaskTestEnvironment { Conf = conf, RunId = "manual__2024-03-05", LogicalDate = new DateTimeOffset(2024, 3, 5, 0, 0, 0, TimeSpan.Zero) };
        env.ConnectionStrings["Warehouse"] = database.ConnectionString;
        return env;
    }

    [Fact]
    public async Task FileTask_BindsRunValuesAndParams_ReportsAffectedRows_AndIsIdempotent()
    {
        var env = Environment("""{"region": "north", "multiplier": 7}""");

        var affected = await env.RunAsync<long>(new SqlTaskDag("SELECT 1"), "from_file");
        var again = await env.RunAsync<long>(new SqlTaskDag("SELECT 1"), "from_file");

        Assert.Equal(1, affected);
        Assert.Equal(2, again); // the DELETE of the first run's row plus the INSERT
        Assert.Equal(2, env.Rows.Written);
        Assert.Equal("2024-03-05|north|21|manual__2024-03-05", await Warehouse.ScalarAsync<string>(_connection,
            "SELECT string_agg(day || '|' || region || '|' || total || '|' || run_id, ',') FROM sql_daily_totals WHERE region = 'north'"));
    }

    [Fact]
    public async Task HostileParamValue_StaysAValue()
    {
        var env = Environment($$"""{"region": {{System.Text.Json.JsonSerializer.Serialize(Hostile)}}}""");

        var affected = await env.RunAsync<long>(new SqlTaskDag(
            "INSERT INTO sql_daily_totals (day, region, total, run_id, note) VALUES (@data_interval_start::date, @region, @try_number, @dag_id || '/' || @task_id, @note)"), "inline");

        Assert.Equal(1, affected);
        Assert.Equal($"2024-03-05|{Hostile}|1|sql_tasks/inline|extra", await Warehouse.ScalarAsync<string>(_connection,
            "SELECT day || '|' || region || '|' || total || '|' || run_id || '|' || note FROM sql_daily_totals WHERE note = 'extra'"));
        Assert.Equal(1L, await Warehouse.ScalarAsync<long>(_connection, "SELECT count(*) FROM pg_tables WHERE tablename = 'sql_daily_totals'"));
    }

    [Fact]
    public async Task MissingFile_FailsTheTask_NamingWhereItLooked()
    {
        var env = Environment("{}");

        var error = await Assert.ThrowsAsync<TaskFailedException>(() => env.RunAsync(new SqlTaskDag("SELECT 1"), "missing"));

        var expected = Path.Combine(Path.GetDirectoryName(ThisFile())!, "Sql", "no_such_file.sql");
        Assert.Contains("SQL task missing: The file 'Sql/no_such_file.sql' was not found. Looked in: " + expected, error.Message);
    }

    [Fact]
    public async Task WritingADatasetWithAContract_IsVerifiedBeforeCommitting()
    {
        var env = Environment("{}");

        var kept = await env.RunAsync<long>(new SqlTaskDag("INSERT INTO sql_regions VALUES ('north'), ('south')"), "contracted");
        var broken = await Assert.ThrowsAsync<TaskFailedException>(() => env.RunAsync(new SqlTaskDag("INSERT INTO sql_regions VALUES ('west'), (NULL)"), "contracted"));
        var dropped = await Assert.ThrowsAsync<TaskFailedException>(() => env.RunAsync(new SqlTaskDag("ALTER TABLE sql_regions RENAME COLUMN region TO area"), "contracted"));

        Assert.Equal(2, kept);
        Assert.Contains("column region is declared not nullable but 1 rows hold NULL", broken.Message, StringComparison.Ordinal);
        Assert.Contains("column region accepts only 'north', 'south' but 1 rows hold 'west' (1 rows)", broken.Message, StringComparison.Ordinal);
        Assert.Contains("column region (text) is declared but no longer in the table", dropped.Message, StringComparison.Ordinal);
        Assert.Equal("north,south", await Warehouse.ScalarAsync<string>(_connection, "SELECT string_agg(region, ',' ORDER BY region) FROM sql_regions"));
    }

    [Fact]
    public async Task SqlError_NamesTheLineAndRollsBackEveryStatement()
    {
        var env = Environment("""{"region": "rolled_back"}""");
        var sql = "INSERT INTO sql_daily_totals (day, region, total, run_id) VALUES (now(), @region, 1, @run_id);\nSELECT 1;\nSELECT nosuchcolumn\n  FROM sql_daily_totals";

        var error = await Assert.ThrowsAsync<SqlTaskException>(() => env.RunAsync(new SqlTaskDag(sql), "inline"));

        Assert.Equal("SQL task inline (inline SQL) failed and was rolled back: 42703: column \"nosuchcolumn\" does not exist (line 3, column 8: \"SELECT nosuchcolumn\")", error.Message);
        Assert.Equal(0L, await Warehouse.ScalarAsync<long>(_connection, "SELECT count(*) FROM sql_daily_totals WHERE region = 'rolled_back'"));
    }

    [Fact]
    public async Task Semicolons_InStringsBodiesAndComments_DoNotSplitStatements()
    {
        var env = Environment("""{"region": "split"}""");
        var sql = """
            DO $body$ BEGIN PERFORM 1; PERFORM 2; END $body$;
            /* a comment; with /* nested; */ semicolons */
            INSERT INTO sql_daily_totals (day, region, total, run_id, note) VALUES (@logical_date::date, @region, 1, 'a;b', E'c\';d'); -- trailing; comment
            UPDATE sql_daily_totals SET "note" = note || ';' WHERE region = @region;
            """;

        var affected = await env.RunAsync<long>(new SqlTaskDag(sql), "inline");

        Assert.Equal(2, affected);
        Assert.Equal("a;b|c';d;", await Warehouse.ScalarAsync<string>(_connection, "SELECT run_id || '|' || note FROM sql_daily_totals WHERE region = 'split'"));
    }

    [Fact]
    public async Task Statements_AreRecordedWithDurationRowsAndPlan_AndRunOnce()
    {
        var env = Environment("""{"region": "planned"}""");
        var sql = """
            CREATE SEQUENCE IF NOT EXISTS sql_plan_calls;
            INSERT INTO sql_daily_totals (day, region, total, run_id) SELECT @logical_date::date, @region, g, @run_id FROM generate_series(1, 3) g;
            -- a query with a side effect: planned, never executed twice
            SELECT nextval('sql_plan_calls');
            UPDATE sql_daily_totals SET note = 'seen' WHERE region = @region
            """;
        await Warehouse.ExecuteAsync(_connection, "CREATE SEQUENCE IF NOT EXISTS sql_plan_calls");
        var before = await Warehouse.ScalarAsync<long>(_connection, "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM sql_plan_calls");

        var affected = await env.RunAsync<long>(new SqlTaskDag(sql), "inline");

        var statements = env.Data.Statements;
        Assert.Equal([1, 2, 3, 4], statements.Select(s => s.Ordinal));
        Assert.All(statements, s => Assert.Equal("inline SQL", s.Script));
        Assert.Null(statements[0].PlanJson);
        Assert.Equal([0L, 3L, 0L, 3L], statements.Select(s => s.Rows)); // a SELECT affects no rows, as before
        Assert.Equal(6, affected);
        Assert.Contains("\"Operation\": \"Insert\"", statements[1].PlanJson, StringComparison.Ordinal);
        Assert.Contains("\"Relation Name\": \"sql_daily_totals\"", statements[3].PlanJson, StringComparison.Ordinal);
        Assert.StartsWith("UPDATE sql_daily_totals", statements[3].Sql, StringComparison.Ordinal);
        Assert.All(statements, s => Assert.True(s.Duration > TimeSpan.Zero));
        var after = await Warehouse.ScalarAsync<long>(_connection, "SELECT last_value FROM sql_plan_calls");
        Assert.Equal(before + 1, after);
    }

    [Fact]
    public void FileCandidates_FolderDagAndAssembly_AreTriedInOrder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "dags_" + Guid.NewGuid().ToString("N")[..8]);
        var folderDag = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("folder_dag_" + Guid.NewGuid().ToString("N")), AssemblyBuilderAccess.Run);
        DagFiles.SetFolder(folderDag, folder);

        // A folder DAG's [CallerFilePath] is relative to the DAGs folder its assembly was compiled from: its .sql is looked for beside it first.
        Assert.Equal([Path.Combine(folder, "sales", "sql", "x.sql"), Path.Combine(folder, "sql", "x.sql")], DagFiles.Candidates("sql/x.sql", "sales/SalesDag.cs", folderDag));
        // A project's DAG: beside its source (absolute), then in its assembly's folder; another assembly's DAGs folder plays no part.
        Assert.Equal([Path.Combine("/src/sales", "sql", "x.sql"), Path.Combine(AppContext.BaseDirectory, "sql", "x.sql")],
            DagFiles.Candidates("sql/x.sql", "/src/sales/SalesDag.cs", typeof(SqlTaskTests).Assembly));
        Assert.Null(DagFiles.FolderOf(typeof(SqlTaskTests).Assembly));
        Assert.Equal(["/abs/x.sql"], DagFiles.Candidates("/abs/x.sql", "sales/SalesDag.cs", null));
    }

    private static string ThisFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;
}
