using DataEngineer.Sdk.Testing;
using DataEngineer.Testing;
using Npgsql;
using Xunit;

namespace DataEngineer.Sdk.Postgres.Tests;

/// <summary>Each check kind failing (with its count and sample) on a dirty table and passing on its clean rows, in real PostgreSQL.</summary>
public sealed class QualityCheckTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private static readonly DateTimeOffset Loaded = new(2024, 1, 2, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] Statuses = ["placed", "shipped", "delivered"];
    private static readonly CheckTarget Clean = CheckTarget.Query("clean orders", "SELECT * FROM orders WHERE id = ANY(@ids)", new Dictionary<string, object?> { ["ids"] = new long[] { 1, 2 } });
    private NpgsqlConnection _connection = null!;

    public async Task InitializeAsync()
    {
        _connection = new NpgsqlConnection(database.ConnectionString);
        await _connection.OpenAsync();
        await Warehouse.ExecuteAsync(_connection, """
            CREATE TABLE IF NOT EXISTS customers (id integer PRIMARY KEY);
            CREATE TABLE IF NOT EXISTS orders (id bigint, customer_id integer, status text, amount numeric(12, 2), updated_at timestamptz);
            CREATE TABLE IF NOT EXISTS many_nulls (id integer, note text);
            TRUNCATE customers, orders, many_nulls;
            INSERT INTO customers VALUES (1), (2);
            INSERT INTO orders VALUES
                (1, 1, 'placed', 10, '2024-01-01T20:00:00Z'), (2, 2, 'shipped', 20, '2024-01-01T23:00:00Z'),
                (3, NULL, 'placed', 30, '2024-01-01T10:00:00Z'), (4, 99, 'on_hold', -5, '2024-01-01T10:00:00Z'),
                (4, 1, 'placed', 50, '2024-01-01T10:00:00Z'), (5, 1, 'delivered', 20000, '2023-12-29T10:00:00Z');
            INSERT INTO many_nulls SELECT g, NULL FROM generate_series(1, 25) AS g;
            """);
    }

    public async Task DisposeAsync() => await _connection.DisposeAsync();

    private Task<CheckResult> RunAsync(QualityCheck check, CheckTarget? target = null, DateTimeOffset? asOf = null) =>
        check.RunAsync(_connection, target ?? CheckTarget.Table("orders"), asOf ?? Loaded);

    [Fact]
    public async Task NotNull_FailsForTheNullRowWithItAsSample()
    {
        var result = await RunAsync(QualityCheck.NotNull("customer_id"));

        Assert.Equal(("not_null_customer_id", "not_null", CheckSeverity.Error, "orders", 1L), (result.Name, result.Kind, result.Severity, result.Target, result.FailingCount));
        Assert.Contains("\"id\":3", Assert.Single(result.Sample), StringComparison.Ordinal);
        Assert.True((await RunAsync(QualityCheck.NotNull("customer_id"), Clean)).Passed);
    }

    [Fact]
    public async Task Unique_OneColumn_FailsPerDuplicatedKey_SeveralColumns_Pass()
    {
        var result = await RunAsync(QualityCheck.Unique("id"));

        Assert.Equal(1, result.FailingCount);
        Assert.Equal("""{"id":4,"occurrences":2}""", Assert.Single(result.Sample));
        Assert.True((await RunAsync(QualityCheck.Unique("id", "customer_id"))).Passed);
    }

    [Fact]
    public async Task AcceptedValues_FailsForTheNewStatus()
    {
        var result = await RunAsync(QualityCheck.AcceptedValues("status", Statuses));

        Assert.Equal(1, result.FailingCount);
        Assert.Contains("\"status\":\"on_hold\"", result.Sample[0], StringComparison.Ordinal);
        Assert.True((await RunAsync(QualityCheck.AcceptedValues("status", Statuses), Clean)).Passed);
    }

    [Fact]
    public async Task Relationship_FailsForTheUnknownCustomer()
    {
        var result = await RunAsync(QualityCheck.Relationship("customer_id", "customers", "id"));

        Assert.Equal(1, result.FailingCount);
        Assert.Contains("\"customer_id\":99", result.Sample[0], StringComparison.Ordinal);
        Assert.True((await RunAsync(QualityCheck.Relationship("customer_id", "public.customers", "id"), Clean)).Passed);
    }

    [Fact]
    public async Task Range_FailsBelowAndAbove()
    {
        var result = await RunAsync(QualityCheck.Range("amount", 0m, 10_000m));

        Assert.Equal(2, result.FailingCount);
        Assert.Equal(2, result.Sample.Count);
        Assert.Equal(1, (await RunAsync(QualityCheck.Range("amount", null, 10_000m))).FailingCount);
        Assert.True((await RunAsync(QualityCheck.Range("amount", 0m, 10_000m), Clean)).Passed);
    }

    [Fact]
    public async Task RowCountBetween_FailsOutsideWithTheCount()
    {
        var result = await RunAsync(QualityCheck.RowCountBetween(1, 5));

        Assert.Equal(1, result.FailingCount);
        Assert.Equal("""{"row_count":6}""", Assert.Single(result.Sample));
        Assert.True((await RunAsync(QualityCheck.RowCountBetween(1, 6))).Passed);
    }

    [Fact]
    public async Task Freshness_FailsWhenTheLatestRowIsOlderThanTheWindow()
    {
        var check = QualityCheck.Freshness("updated_at", TimeSpan.FromHours(6));

        Assert.True((await RunAsync(check, asOf: Loaded)).Passed);
        var late = await RunAsync(check, asOf: Loaded.AddDays(1));
        Assert.Equal(1, late.FailingCount);
        Assert.Contains("2024-01-01T23:00:00", late.Sample[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task CustomSql_FailsForTheRowsItReturns()
    {
        var result = await RunAsync(QualityCheck.Sql("big_orders", "SELECT id, amount FROM orders WHERE amount > 1000"));

        Assert.Equal(("big_orders", "custom_sql", 1L), (result.Name, result.Kind, result.FailingCount));
        Assert.Equal("""{"id":5,"amount":20000.00}""", result.Sample[0]);
        Assert.True((await RunAsync(QualityCheck.Sql("none", "SELECT 1 WHERE false"))).Passed);
    }

    [Fact]
    public async Task Sample_IsAtMostTenRows_CountIsAll()
    {
        var result = await RunAsync(QualityCheck.NotNull("note"), CheckTarget.Table("public.many_nulls"));

        Assert.Equal(25, result.FailingCount);
        Assert.Equal(QualityCheck.SampleSize, result.Sample.Count);
    }

    [Fact]
    public async Task RunChecks_ErrorFailsTheTaskAfterRecordingEveryResult_WarningDoesNot()
    {
        var env = new TaskTestEnvironment { LogicalDate = Loaded.AddDays(-1) };
        var context = ScratchDag.Context(env);

        var failed = await Assert.ThrowsAsync<TaskFailedException>(() => context.RunChecksAsync(_connection, CheckTarget.Table("orders"),
            [QualityCheck.NotNull("customer_id"), QualityCheck.AcceptedValues("status", Statuses).AsWarning(), QualityCheck.Unique("id", "customer_id")]));

        Assert.Contains("'not_null_customer_id' (not_null) on orders: 1 failing rows", failed.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("accepted_values", failed.Message, StringComparison.Ordinal);
        Assert.Equal([false, false, true], context.Data.Checks.Select(c => c.Passed));
        Assert.Equal(CheckSeverity.Warn, context.Data.Checks[1].Severity);

        var warnOnly = ScratchDag.Context(env);
        var results = await warnOnly.RunChecksAsync(_connection, CheckTarget.Table("orders"), [QualityCheck.AcceptedValues("status", Statuses).AsWarning()]);
        Assert.False(Assert.Single(results).Passed);
    }
}
