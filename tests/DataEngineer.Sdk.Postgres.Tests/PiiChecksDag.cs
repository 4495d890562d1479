using Npgsql;

namespace DataEngineer.Sdk.Postgres.Tests;

/// <summary>A quality check on customers whose e-mail is classified PII; one customer has no name, so the check fails with a sample.</summary>
public sealed class PiiChecksDag() : Dag("pii_checks")
{
    public static readonly Dataset Customers = new("pii.customers")
    {
        Columns =
        [
            new DatasetColumnSpec("customer_id"),
            new DatasetColumnSpec("email") { Classification = DataClassification.Pii },
            new DatasetColumnSpec("full_name") { Classification = DataClassification.Pii },
        ],
    };

    protected override void Define(DagBuilder dag) => dag.Task("check_customers", async ctx =>
    {
        await using var connection = new NpgsqlConnection(ctx.GetConnectionString("Warehouse"));
        await connection.OpenAsync(ctx.CancellationToken);
        await ctx.RunChecksAsync(connection, CheckTarget.Table(Customers.Name), [QualityCheck.NotNull("full_name")]);
    }, new TaskOptions { Reads = [Customers] });
}
