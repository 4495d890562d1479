using DataEngineer.Sdk.Testing;
using DataEngineer.Testing;
using Npgsql;
using Xunit;

namespace DataEngineer.Sdk.Postgres.Tests;

/// <summary>SCD type 2 loads in real PostgreSQL: history after changes, idempotent re-runs, late intervals refused.</summary>
public sealed class Scd2LoaderTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private static readonly DateTimeOffset Day1 = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private NpgsqlConnection _connection = null!;
    private string _table = null!;

    private sealed record Customer(long Id, string? Email, string City);

    public async Task InitializeAsync()
    {
        _connection = new NpgsqlConnection(database.ConnectionString);
        await _connection.OpenAsync();
        _table = "dim_customers_" + Guid.NewGuid().ToString("N")[..8];
        await Warehouse.ExecuteAsync(_connection,
            $"CREATE TABLE {_table} (customer_sk bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, customer_id bigint NOT NULL, email text, city text NOT NULL, " +
            "valid_from timestamptz NOT NULL, valid_to timestamptz NOT NULL, is_current boolean NOT NULL)");
    }

    public async Task DisposeAsync() => await _connection.DisposeAsync();

    private async Task<Scd2Result> LoadAsync(DateTimeOffset day, params Customer[] customers)
    {
        var context = ScratchDag.Context(new TaskTestEnvironment { LogicalDate = day });
        return await context.LoadScd2Async(_connection, new Scd2Spec(_table, ["customer_id"], ["email", "city"]), customers, c => [c.Id, c.Email, c.City]);
    }

    private async Task<List<string>> HistoryAsync(long id)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT coalesce(email, 'null') || '|' || city || '|' || to_char(valid_from AT TIME ZONE 'UTC', 'MM-DD') || '|' || " +
            $"CASE WHEN valid_to = 'infinity' THEN 'inf' ELSE to_char(valid_to AT TIME ZONE 'UTC', 'MM-DD') END || '|' || is_current FROM {_table} WHERE customer_id = @id ORDER BY valid_from", _connection);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    [Fact]
    public async Task ThreeChangesToOneCustomer_KeepFullHistory_AndReRunsChangeNothing()
    {
        Assert.Equal(new Scd2Result(2, 2, 0, 0, 0), await LoadAsync(Day1, new(1, "a@x.com", "Oslo"), new(2, "b@x.com", "Rome")));
        Assert.Equal(new Scd2Result(2, 0, 1, 0, 1), await LoadAsync(Day1.AddDays(1), new(1, "a@y.com", "Oslo"), new(2, "b@x.com", "Rome")));
        Assert.Equal(new Scd2Result(1, 0, 1, 0, 0), await LoadAsync(Day1.AddDays(2), new Customer(1, null, "Oslo")));
        Assert.Equal(new Scd2Result(1, 0, 1, 0, 0), await LoadAsync(Day1.AddDays(3), new Customer(1, null, "Bergen")));

        string[] expected = ["a@x.com|Oslo|01-01|01-02|false", "a@y.com|Oslo|01-02|01-03|false", "null|Oslo|01-03|01-04|false", "null|Bergen|01-04|inf|true"];
        Assert.Equal(expected, await HistoryAsync(1));
        Assert.Equal(["b@x.com|Rome|01-01|inf|true"], await HistoryAsync(2));

        // The same interval again, and an older interval whose rows agree with the history then: nothing changes.
        Assert.Equal(new Scd2Result(1, 0, 0, 0, 1), await LoadAsync(Day1.AddDays(3), new Customer(1, null, "Bergen")));
        Assert.Equal(new Scd2Result(1, 0, 0, 0, 1), await LoadAsync(Day1.AddDays(1), new Customer(1, "a@y.com", "Oslo")));
        Assert.Equal(expected, await HistoryAsync(1));
    }

    [Fact]
    public async Task ReRunOfTheLatestIntervalWithCorrectedData_UpdatesThatVersionInPlace()
    {
        await LoadAsync(Day1, new Customer(1, "a@x.com", "Oslo"));
        await LoadAsync(Day1.AddDays(1), new Customer(1, "typo@x.com", "Oslo"));

        Assert.Equal(new Scd2Result(1, 0, 0, 1, 0), await LoadAsync(Day1.AddDays(1), new Customer(1, "a@z.com", "Oslo")));

        Assert.Equal(["a@x.com|Oslo|01-01|01-02|false", "a@z.com|Oslo|01-02|inf|true"], await HistoryAsync(1));
    }

    [Fact]
    public async Task LateIntervalThatWouldRewriteHistory_IsRefused_AndNothingChanges()
    {
        await LoadAsync(Day1, new Customer(1, "a@x.com", "Oslo"));
        await LoadAsync(Day1.AddDays(2), new Customer(1, "c@x.com", "Oslo"));

        var error = await Assert.ThrowsAsync<LoadValidationException>(() => LoadAsync(Day1.AddDays(1), new Customer(1, "b@x.com", "Oslo"), new Customer(3, "new@x.com", "Lima")));

        Assert.Contains("at 2024-01-02T00:00:00Z: the table already has later versions of keys (1)", error.Message);
        Assert.Equal(["a@x.com|Oslo|01-01|01-03|false", "c@x.com|Oslo|01-03|inf|true"], await HistoryAsync(1));
        Assert.Empty(await HistoryAsync(3));
    }

    [Fact]
    public async Task DatasetWithAContract_IsVerifiedBeforeCommitting_ABreakingLoadChangesNothing()
    {
        var dataset = new Dataset(_table)
        {
            Columns = [new DatasetColumnSpec("customer_id") { Type = "bigint", Nullable = false }, new DatasetColumnSpec("email") { Type = "text", Nullable = false }],
            Contract = ContractMode.Additive,
        };
        var spec = new Scd2Spec(dataset, ["customer_id"], ["email", "city"]);
        await LoadAsync(Day1, new Customer(1, "a@example.com", "Oslo"));
        var context = ScratchDag.Context(new TaskTestEnvironment { LogicalDate = Day1.AddDays(1) });

        var broken = await Assert.ThrowsAsync<TaskFailedException>(() =>
            context.LoadScd2Async(_connection, spec, [new Customer(1, null, "Oslo"), new Customer(2, "b@example.com", "Bergen")], c => [c.Id, c.Email, c.City]));

        Assert.Contains($"Data contract (additive) of {_table} is broken; the write was not committed", broken.Message, StringComparison.Ordinal);
        Assert.Contains("column email is declared not nullable but 1 rows hold NULL", broken.Message, StringComparison.Ordinal);
        Assert.Equal(["a@example.com|Oslo|01-01|inf|true"], await HistoryAsync(1));
        Assert.Empty(await HistoryAsync(2));
        Assert.Throws<ArgumentException>(() => (object)context.LoadScd2Async(_connection, spec with { Table = "other_table" }, [1], _ => [1L, "a", "b"]).GetAwaiter().GetResult());
    }

    [Fact]
    public async Task RepeatedKeyOrHostileColumn_IsRefusedClearly()
    {
        var repeated = await Assert.ThrowsAsync<LoadValidationException>(() => LoadAsync(Day1, new Customer(1, "a", "Oslo"), new Customer(1, "b", "Oslo")));
        Assert.Contains("1 repeat a key (customer_id)", repeated.Message);

        var context = ScratchDag.Context(new TaskTestEnvironment());
        var hostile = await Assert.ThrowsAsync<InvalidIdentifierException>(() =>
            context.LoadScd2Async(_connection, new Scd2Spec(_table, ["customer_id"], ["email\"; DROP TABLE x; --"]), new[] { 1 }, _ => [1L, "a"]));
        Assert.Contains("is not a valid SQL identifier", hostile.Message);
    }
}
