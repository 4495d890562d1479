using DataEngineer.Sdk.Testing;
using DataEngineer.Testing;
using Npgsql;
using Xunit;

namespace DataEngineer.Sdk.Postgres.Tests;

/// <summary>The <c>documented</c> check: columns in the table that the dataset's Columns do not describe.</summary>
public sealed class DocumentedCheckTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private NpgsqlConnection _connection = null!;
    private string _table = null!;

    public async Task InitializeAsync()
    {
        _connection = new NpgsqlConnection(database.ConnectionString);
        await _connection.OpenAsync();
        _table = "d_" + Guid.NewGuid().ToString("N")[..10];
        await Warehouse.ExecuteAsync(_connection, $"CREATE TABLE {_table} (id bigint, email text, amount numeric(12,2), note text)");
    }

    public async Task DisposeAsync() => await _connection.DisposeAsync();

    private Dataset Declared(params DatasetColumnSpec[] columns) => new(_table) { Columns = columns };

    [Fact]
    public async Task Documented_UndescribedColumns_WarnsListingThemAndTheTaskGoesOn()
    {
        var env = new TaskTestEnvironment();
        var context = ScratchDag.Context(env);
        var dataset = Declared(new DatasetColumnSpec("id") { Description = "Key." }, new DatasetColumnSpec("email") { Classification = DataClassification.Pii });

        var result = Assert.Single(await context.RunChecksAsync(_connection, CheckTarget.Table(_table), [QualityCheck.Documented(dataset)]));

        Assert.Equal(("documented", CheckSeverity.Warn, 3L), (result.Kind, result.Severity, result.FailingCount));
        Assert.Equal(
            ["""{"column_name":"email","type":"text"}""", """{"column_name":"amount","type":"numeric(12,2)"}""", """{"column_name":"note","type":"text"}"""],
            result.Sample);
        Assert.Contains(env.Logs, l => l.StartsWith("WARNING Check documented (documented)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Documented_EveryColumnDescribed_Passes()
    {
        var context = ScratchDag.Context(new TaskTestEnvironment());
        var dataset = Declared(new[] { "id", "email", "amount", "note" }.Select(c => new DatasetColumnSpec(c) { Description = $"The {c}." }).ToArray());

        var result = Assert.Single(await context.RunChecksAsync(_connection, CheckTarget.Table(_table), [QualityCheck.Documented(dataset)]));

        Assert.True(result.Passed);
    }

    [Fact]
    public async Task Documented_AsError_FailsTheTask()
    {
        var context = ScratchDag.Context(new TaskTestEnvironment());

        var failure = await Assert.ThrowsAsync<TaskFailedException>(() =>
            context.RunChecksAsync(_connection, CheckTarget.Table(_table), [QualityCheck.Documented(Declared()).AsError()]));

        Assert.Contains("'documented' (documented)", failure.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidIdentifierException>(() => QualityCheck.Documented(new Dataset("x; DROP TABLE y")));
    }
}
