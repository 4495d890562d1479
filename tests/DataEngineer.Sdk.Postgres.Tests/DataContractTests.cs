using DataEngineer.Sdk.Testing;
using DataEngineer.Testing;
using Npgsql;
using Xunit;

namespace DataEngineer.Sdk.Postgres.Tests;

/// <summary>
/// Data contracts in real PostgreSQL: additive changes pass and are reported, each breaking kind fails the write before
/// it commits (the table is as it was), and the message lists every violation and the consumers.
/// </summary>
public sealed class DataContractTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private static readonly string[] LoadColumns = ["customer_id", "email", "amount", "signup", "code"];
    private NpgsqlConnection _connection = null!;
    private string _table = null!;

    private sealed record Customer(long Id, string? Email, decimal Amount, DateTime Signup, string Code);

    public async Task InitializeAsync()
    {
        _connection = new NpgsqlConnection(database.ConnectionString);
        await _connection.OpenAsync();
        var schema = "c_" + Guid.NewGuid().ToString("N")[..10];
        _table = schema + ".customers";
        await Warehouse.ExecuteAsync(_connection, $"""
            CREATE SCHEMA {schema};
            CREATE TABLE {_table} (customer_id bigint PRIMARY KEY, email text, amount numeric(12,2), signup timestamp, code varchar(10));
            INSERT INTO {_table} VALUES (1, 'a@example.com', 10.50, '2024-01-01', 'A1');
            """);
    }

    public async Task DisposeAsync() => await _connection.DisposeAsync();

    private Dataset Customers(ContractMode mode = ContractMode.Additive) => new(_table)
    {
        Columns =
        [
            new DatasetColumnSpec("customer_id") { Type = "bigint", Nullable = false, Description = "Key." },
            new DatasetColumnSpec("email") { Type = "text", Nullable = false, Classification = DataClassification.Pii },
            new DatasetColumnSpec("amount") { Type = "numeric(12,2)" },
            new DatasetColumnSpec("signup") { Type = "timestamp" },
            new DatasetColumnSpec("code") { Type = "varchar(10)" },
        ],
        Contract = mode,
    };

    private Task<LoadResult> LoadAsync(TaskContext context, Dataset dataset, params Customer[] rows) =>
        context.LoadAsync(_connection, new LoadSpec(dataset, LoadColumns) { Key = ["customer_id"] }, rows, r => [r.Id, r.Email, r.Amount, r.Signup, r.Code]);

    private static Customer Row(long id, string? email = "x@example.com", DateTimeKind signupKind = DateTimeKind.Unspecified) =>
        new(id, email, 1.25m, new DateTime(2024, 2, 1, 0, 0, 0, signupKind), "B2");

    private async Task<string> TableStateAsync() => await Warehouse.ScalarAsync<string>(_connection,
        $"SELECT (SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' ORDER BY attnum) FROM pg_attribute WHERE attrelid = '{_table}'::regclass AND attnum > 0 AND NOT attisdropped) " +
        $"|| ' / ' || (SELECT string_agg(customer_id || ':' || coalesce(email, 'NULL'), ',' ORDER BY customer_id) FROM {_table})");

    [Fact]
    public async Task Load_KeepsTheContract_CommitsAndRecordsAPassingContractCheck()
    {
        var context = ScratchDag.Context(new TaskTestEnvironment());

        var result = await LoadAsync(context, Customers(), Row(2));

        Assert.Equal(1, result.Inserted);
        Assert.Equal(2, await Warehouse.ScalarAsync<long>(_connection, $"SELECT count(*) FROM {_table}"));
        var check = Assert.Single(context.Data.Checks);
        Assert.Equal(("contract", _table, 0L), (check.Kind, check.Target, check.FailingCount));
    }

    [Fact]
    public async Task Load_AdditiveChanges_PassAndReportTheNewColumns()
    {
        await Warehouse.ExecuteAsync(_connection, $"""
            ALTER TABLE {_table} ADD COLUMN channel text, ALTER COLUMN amount TYPE numeric(14,2), ALTER COLUMN code TYPE varchar(20),
                ALTER COLUMN signup TYPE timestamptz, ALTER COLUMN customer_id SET NOT NULL;
            """);
        var env = new TaskTestEnvironment();
        var context = ScratchDag.Context(env);

        await LoadAsync(context, Customers(), Row(2, signupKind: DateTimeKind.Utc));
        await using var tx = await _connection.BeginTransactionAsync();
        var verification = await context.VerifyContractAsync(_connection, Customers(), tx);

        Assert.Equal([new DatasetColumn("channel", "text")], verification.AddedColumns);
        Assert.All(context.Data.Checks, c => Assert.True(c.Passed));
        Assert.Equal(2, await Warehouse.ScalarAsync<long>(_connection, $"SELECT count(*) FROM {_table}"));
        Assert.Contains(env.Logs, l => l.Contains("additive change: new columns channel text", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("DROP COLUMN email", "dropped", "column email (text) is declared but no longer in the table")]
    [InlineData("ALTER COLUMN customer_id TYPE integer", "narrowed", "column customer_id is declared bigint but is now integer (narrowed")]
    [InlineData("ALTER COLUMN amount TYPE numeric(12,4)", "changed", "column amount is declared numeric(12,2) but is now numeric(12,4) (an incompatible change")]
    [InlineData("ALTER COLUMN code TYPE integer USING length(code)", "changed", "column code is declared character varying(10) but is now integer (an incompatible change")]
    [InlineData("ALTER COLUMN signup TYPE date", "narrowed", "column signup is declared timestamp without time zone but is now date (narrowed")]
    public async Task VerifyContract_BreakingDdlInTheTransaction_FailsBeforeCommitAndTheTableIsUnchanged(string change, string kind, string message)
    {
        var before = await TableStateAsync();
        var context = ScratchDag.Context(new TaskTestEnvironment());

        var failure = await Assert.ThrowsAsync<TaskFailedException>(async () =>
        {
            await using var tx = await _connection.BeginTransactionAsync();
            await using (var ddl = new NpgsqlCommand($"ALTER TABLE {_table} {change}", _connection, tx))
            {
                await ddl.ExecuteNonQueryAsync();
            }

            await context.VerifyContractAsync(_connection, Customers(), tx);
            await tx.CommitAsync();
        });

        Assert.Contains(message, failure.Message, StringComparison.Ordinal);
        Assert.Contains("the write was not committed", failure.Message, StringComparison.Ordinal);
        Assert.Equal(before, await TableStateAsync());
        var check = Assert.Single(context.Data.Checks);
        Assert.Equal((1L, CheckSeverity.Error), (check.FailingCount, check.Severity));
        Assert.Contains($"\"violation\":\"{kind}\"", check.Sample[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_NullsInANonNullableColumn_FailsAndLoadsNothing()
    {
        var before = await TableStateAsync();
        var context = ScratchDag.Context(new TaskTestEnvironment());

        var failure = await Assert.ThrowsAsync<TaskFailedException>(() => LoadAsync(context, Customers(), Row(2), Row(3, email: null), Row(4, email: null)));

        Assert.Contains("column email is declared not nullable but 2 rows hold NULL", failure.Message, StringComparison.Ordinal);
        Assert.Equal(before, await TableStateAsync());
        Assert.Equal(0, context.Rows.Written);
    }

    private Dataset WithAcceptedValues(string column, params string[] accepted) => Customers() with
    {
        Columns = Customers().Columns.Select(c => c.Name == column ? c with { AcceptedValues = accepted } : c).ToList(),
    };

    [Fact]
    public async Task Load_OnlyAcceptedValues_KeepsTheContract()
    {
        var context = ScratchDag.Context(new TaskTestEnvironment());

        await LoadAsync(context, WithAcceptedValues("code", "A1", "B2"), Row(2), Row(3));

        Assert.Equal(3, await Warehouse.ScalarAsync<long>(_connection, $"SELECT count(*) FROM {_table}"));
        Assert.True(Assert.Single(context.Data.Checks).Passed);
    }

    [Fact]
    public async Task Load_ValuesOutsideTheAcceptedValues_FailNamingTheMostFrequent_AndLoadNothing()
    {
        var before = await TableStateAsync();
        var context = ScratchDag.Context(new TaskTestEnvironment());
        var signup = new DateTime(2024, 2, 1);

        var failure = await Assert.ThrowsAsync<TaskFailedException>(() => LoadAsync(context, WithAcceptedValues("code", "A1", "B2"),
            Row(2), new Customer(3, "c@example.com", 1m, signup, "Z9"), new Customer(4, "d@example.com", 1m, signup, "Z9"), new Customer(5, "e@example.com", 1m, signup, "Q")));

        Assert.Contains("column code accepts only 'A1', 'B2' but 3 rows hold 'Z9' (2 rows), 'Q' (1 rows)", failure.Message, StringComparison.Ordinal);
        Assert.Equal(before, await TableStateAsync());
        Assert.Contains("\"violation\":\"accepted_values\"", Assert.Single(context.Data.Checks).Sample[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcceptedValues_HostileText_IsBoundAsAValue()
    {
        const string hostile = "B2'); DROP TABLE customers; --";
        var context = ScratchDag.Context(new TaskTestEnvironment());

        var failure = await Assert.ThrowsAsync<TaskFailedException>(() => LoadAsync(context, WithAcceptedValues("code", "A1", hostile), Row(2)));

        Assert.Contains($"column code accepts only 'A1', '{hostile}' but 1 rows hold 'B2' (1 rows)", failure.Message, StringComparison.Ordinal);
        Assert.Equal(1, await Warehouse.ScalarAsync<long>(_connection, $"SELECT count(*) FROM {_table}"));
    }

    [Fact]
    public async Task Load_UnacceptedValueInAPiiColumn_IsCountedButNeverShown()
    {
        var context = ScratchDag.Context(new TaskTestEnvironment());

        var failure = await Assert.ThrowsAsync<TaskFailedException>(() => LoadAsync(context, WithAcceptedValues("email", "a@example.com"), Row(2, email: "jane.doe@example.org")));

        Assert.Contains("column email accepts only 'a@example.com' but 1 rows hold 1 other values (not shown: the column is PII)", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("jane.doe", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("jane.doe", string.Concat(context.Data.Checks.SelectMany(c => c.Sample)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyContract_Exact_AnUndeclaredColumnBreaksIt()
    {
        var context = ScratchDag.Context(new TaskTestEnvironment());
        await using var tx = await _connection.BeginTransactionAsync();
        await using (var ddl = new NpgsqlCommand($"ALTER TABLE {_table} ADD COLUMN secret text", _connection, tx))
        {
            await ddl.ExecuteNonQueryAsync();
        }

        var failure = await Assert.ThrowsAsync<TaskFailedException>(() => context.VerifyContractAsync(_connection, Customers(ContractMode.Exact), tx));

        Assert.Contains("column secret (text) is not declared and the contract is exact", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Data contract (exact)", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyContract_SeveralViolations_ListsEveryOneAndTheConsumers()
    {
        var env = new TaskTestEnvironment();
        env.DatasetConsumers[_table] = [new DatasetConsumer("reporting", "daily_revenue"), new DatasetConsumer("marketing", "segments")];
        var context = ScratchDag.Context(env);
        await using var tx = await _connection.BeginTransactionAsync();
        await using (var ddl = new NpgsqlCommand($"ALTER TABLE {_table} DROP COLUMN amount, ALTER COLUMN customer_id TYPE integer; UPDATE {_table} SET email = NULL", _connection, tx))
        {
            await ddl.ExecuteNonQueryAsync();
        }

        var failure = await Assert.ThrowsAsync<TaskFailedException>(() => context.VerifyContractAsync(_connection, Customers(), tx));

        Assert.Equal(
            $"Data contract (additive) of {_table} is broken; the write was not committed:\n" +
            "  - column customer_id is declared bigint but is now integer (narrowed; only widenings keep a contract)\n" +
            "  - column email is declared not nullable but 1 rows hold NULL\n" +
            "  - column amount (numeric(12,2)) is declared but no longer in the table\n" +
            "Consumers that would have broken (2): reporting.daily_revenue, marketing.segments.\n" +
            $"Fix the write, or change the declared Columns of {_table} (and tell its consumers).",
            failure.Message);
        Assert.Equal(3, Assert.Single(context.Data.Checks).FailingCount);
    }

    [Fact]
    public async Task VerifyContract_NoConsumersOrNoTable_SaysSo()
    {
        var context = ScratchDag.Context(new TaskTestEnvironment());
        await Warehouse.ExecuteAsync(_connection, $"UPDATE {_table} SET email = NULL");

        var noConsumers = await Assert.ThrowsAsync<TaskFailedException>(() => context.VerifyContractAsync(_connection, Customers()));
        var noTable = await Assert.ThrowsAsync<TaskFailedException>(() => context.VerifyContractAsync(_connection, new Dataset(_table + "_gone") { Contract = ContractMode.Additive }));

        Assert.Contains($"No task declares it reads {_table} (TaskOptions.Reads)", noConsumers.Message, StringComparison.Ordinal);
        Assert.Contains($"the table {_table}_gone does not exist", noTable.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyContract_NoContractOrHostileColumn_ChecksNothingOrRefuses()
    {
        var context = ScratchDag.Context(new TaskTestEnvironment());

        var none = await context.VerifyContractAsync(_connection, Customers(ContractMode.None));
        var hostile = Customers() with { Columns = [new DatasetColumnSpec("x\"; DROP TABLE t; --") { Type = "text" }] };

        Assert.Equal(ContractMode.None, none.Mode);
        Assert.Empty(context.Data.Checks);
        await Assert.ThrowsAsync<InvalidIdentifierException>(() => context.VerifyContractAsync(_connection, hostile));
        Assert.Throws<ArgumentException>(() => (object)context.LoadAsync(_connection, new LoadSpec("other.table", LoadColumns) { Dataset = Customers(), Key = ["customer_id"] }, [Row(9)], r => [r.Id]).GetAwaiter().GetResult());
    }
}
