using DataEngineer.Sdk.Testing;
using DataEngineer.Testing;
using Npgsql;
using Xunit;

namespace DataEngineer.Sdk.Postgres.Tests;

/// <summary>Idempotent staged loads in real PostgreSQL: upsert, swap and append-dedup, validation, and the watermark only after the commit.</summary>
public sealed class TableLoaderTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private static readonly string[] Columns = ["id", "name", "amount", "day", "at"];
    private static readonly DateTimeOffset At = new(2024, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private NpgsqlConnection _connection = null!;
    private string _table = null!;

    private sealed record Row(long Id, string Name, decimal Amount, DateOnly Day, DateTimeOffset At);

    public async Task InitializeAsync()
    {
        _connection = new NpgsqlConnection(database.ConnectionString);
        await _connection.OpenAsync();
        _table = "t_" + Guid.NewGuid().ToString("N")[..10];
        await Warehouse.ExecuteAsync(_connection,
            $"CREATE TABLE {_table} (id bigint PRIMARY KEY, name text NOT NULL, amount numeric(12, 2), day date, at timestamptz, loaded_at timestamptz NOT NULL DEFAULT now())");
    }

    public async Task DisposeAsync() => await _connection.DisposeAsync();

    private static Row[] Rows(int count, decimal amount = 10m) => Enumerable.Range(1, count).Select(i => new Row(i, $"n{i}", amount + i, new DateOnly(2024, 1, i), At.AddHours(i))).ToArray();

    private Task<LoadResult> LoadAsync(TaskContext context, IEnumerable<Row> rows, LoadMode mode = LoadMode.Upsert, WatermarkAdvance? mark = null) =>
        context.LoadAsync(_connection, new LoadSpec(_table, Columns) { Key = ["id"], Mode = mode, Watermark = mark }, rows, r => [r.Id, r.Name, r.Amount, r.Day, r.At]);

    private Task<long> CountAsync() => Warehouse.ScalarAsync<long>(_connection, $"SELECT count(*) FROM {_table}");

    [Fact]
    public async Task Upsert_RerunOfTheSameRows_ChangesNothing()
    {
        var first = ScratchDag.Context(new TaskTestEnvironment());
        Assert.Equal(new LoadResult(5, 5, 0, 0), await LoadAsync(first, Rows(5)));
        Assert.Equal(5, first.Rows.Written);
        var loadedAt = await Warehouse.ScalarAsync<DateTime>(_connection, $"SELECT max(loaded_at) FROM {_table}");

        var again = ScratchDag.Context(new TaskTestEnvironment());
        Assert.Equal(new LoadResult(5, 0, 0, 0), await LoadAsync(again, Rows(5)));
        Assert.Equal(0, again.Rows.Written);
        Assert.Equal(loadedAt, await Warehouse.ScalarAsync<DateTime>(_connection, $"SELECT max(loaded_at) FROM {_table}"));

        var changed = Rows(6);
        changed[0] = changed[0] with { Name = "renamed" };
        Assert.Equal(new LoadResult(6, 1, 1, 0), await LoadAsync(ScratchDag.Context(new TaskTestEnvironment()), changed));
        Assert.Equal("renamed", await Warehouse.ScalarAsync<string>(_connection, $"SELECT name FROM {_table} WHERE id = 1"));
    }

    [Fact]
    public async Task Swap_ReplacesTheRows_AndReportsOnlyWhatChanged()
    {
        await LoadAsync(ScratchDag.Context(new TaskTestEnvironment()), Rows(5));

        Assert.Equal(new LoadResult(2, 0, 2, 3), await LoadAsync(ScratchDag.Context(new TaskTestEnvironment()), Rows(2, 100m), LoadMode.Swap));
        Assert.Equal(2, await CountAsync());
        Assert.Equal(101m, await Warehouse.ScalarAsync<decimal>(_connection, $"SELECT amount FROM {_table} WHERE id = 1"));
        var again = ScratchDag.Context(new TaskTestEnvironment());
        Assert.Equal(new LoadResult(2, 0, 0, 0), await LoadAsync(again, Rows(2, 100m), LoadMode.Swap));
        Assert.Equal(0, again.Rows.Written);
        Assert.Equal(2, await CountAsync());
        Assert.Equal(new LoadResult(3, 1, 0, 0), await LoadAsync(ScratchDag.Context(new TaskTestEnvironment()), Rows(3, 100m), LoadMode.Swap));
    }

    [Fact]
    public async Task Swap_WithoutKey_IdenticalRowsChangeNothing_DifferentRowsAreCounted()
    {
        Task<LoadResult> SwapAsync(Row[] rows) => ScratchDag.Context(new TaskTestEnvironment()).LoadAsync(_connection,
            new LoadSpec(_table, Columns) { Mode = LoadMode.Swap }, rows, r => [r.Id, r.Name, r.Amount, r.Day, r.At]);
        await SwapAsync(Rows(4));
        var loadedAt = await Warehouse.ScalarAsync<DateTime>(_connection, $"SELECT max(loaded_at) FROM {_table}");

        Assert.Equal(new LoadResult(4, 0, 0, 0), await SwapAsync(Rows(4)));
        Assert.Equal(loadedAt, await Warehouse.ScalarAsync<DateTime>(_connection, $"SELECT max(loaded_at) FROM {_table}"));
        var changed = Rows(4);
        changed[3] = changed[3] with { Name = "renamed" };
        Assert.Equal(new LoadResult(4, 1, 0, 1), await SwapAsync(changed));
        Assert.Equal("renamed", await Warehouse.ScalarAsync<string>(_connection, $"SELECT name FROM {_table} WHERE id = 4"));
    }

    [Fact]
    public async Task Swap_RepeatedKey_FailsWithoutRetry_NamingAnExampleKey_AndLeavesTheTableAsItWas()
    {
        await LoadAsync(ScratchDag.Context(new TaskTestEnvironment()), Rows(5));
        var rows = Rows(20).Append(Rows(7)[6] with { Name = "again" }).ToArray();

        var e = await Assert.ThrowsAsync<LoadValidationException>(() => LoadAsync(ScratchDag.Context(new TaskTestEnvironment()), rows, LoadMode.Swap));

        Assert.IsAssignableFrom<TaskFailedException>(e);
        Assert.Contains("1 staged rows repeat a key (id), e.g. (7)", e.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was loaded", e.Message, StringComparison.Ordinal);
        Assert.Equal(5, await CountAsync());
        Assert.Equal("n1", await Warehouse.ScalarAsync<string>(_connection, $"SELECT name FROM {_table} WHERE id = 1"));
    }

    [Fact]
    public async Task AppendDedup_AddsOnlyNewKeys_AndCollapsesDuplicates()
    {
        await LoadAsync(ScratchDag.Context(new TaskTestEnvironment()), Rows(3));
        var batch = Rows(5, 50m).Concat(Rows(5, 50m)).ToList();

        Assert.Equal(new LoadResult(10, 2, 0, 0), await LoadAsync(ScratchDag.Context(new TaskTestEnvironment()), batch, LoadMode.AppendDedup));
        Assert.Equal(11m, await Warehouse.ScalarAsync<decimal>(_connection, $"SELECT amount FROM {_table} WHERE id = 1"));
        Assert.Equal(5, await CountAsync());
        Assert.Equal(new LoadResult(10, 0, 0, 0), await LoadAsync(ScratchDag.Context(new TaskTestEnvironment()), batch, LoadMode.AppendDedup));
    }

    [Fact]
    public async Task Upsert_RepeatedKey_IsRefusedAndNothingIsLoadedNorMarked()
    {
        var context = ScratchDag.Context(new TaskTestEnvironment());
        var mark = new WatermarkAdvance("t", "source.rows", "2024-01-02T00:00:00Z");

        var e = await Assert.ThrowsAsync<LoadValidationException>(() => LoadAsync(context, Rows(3).Concat(Rows(1)), mark: mark));

        Assert.Contains("1 staged rows repeat a key (id)", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync());
        Assert.Empty(context.Data.Watermarks);
        Assert.Equal(0, context.Rows.Written);
    }

    [Fact]
    public async Task Load_NullKey_IsRefused()
    {
        var context = ScratchDag.Context(new TaskTestEnvironment());
        var e = await Assert.ThrowsAsync<LoadValidationException>(() => context.LoadAsync(
            _connection, new LoadSpec(_table, ["id", "name"]) { Key = ["id"] }, new (long?, string)[] { (1, "a"), (null, "b") }, r => [r.Item1, r.Item2]));

        Assert.Contains("1 staged rows have a null key (id)", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync());
    }

    [Fact]
    public async Task Load_SideTable_DoesNotCountAsRowsWritten()
    {
        var context = ScratchDag.Context(new TaskTestEnvironment());

        var result = await context.LoadAsync(_connection, new LoadSpec(_table, Columns) { Key = ["id"], CountsAsRowsWritten = false }, Rows(3), r => [r.Id, r.Name, r.Amount, r.Day, r.At]);

        Assert.Equal(3, result.Written);
        Assert.Equal(0, context.Rows.Written);
    }

    [Fact]
    public async Task Load_Committed_AdvancesTheWatermark()
    {
        var context = ScratchDag.Context(new TaskTestEnvironment());
        var mark = new WatermarkAdvance("t", "source.rows", "2024-01-02T00:00:00Z");

        await LoadAsync(context, Rows(2), mark: mark);

        Assert.Equal(mark, Assert.Single(context.Data.Watermarks));
    }
}
