using DataEngineer.Sdk;
using DataEngineer.Sdk.Postgres;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace DataEngineer.Dags.OrdersEtl.Star;

/// <summary>
/// Exports the shop's customers once a day into <c>staging.customers</c> (one snapshot per UTC day, the data
/// interval's start day), with their e-mail addresses and the changes <see cref="CustomerChanges"/> simulates.
/// Re-running a day rewrites the same rows: nothing changes.
/// </summary>
public sealed class CustomersSnapshotDag() : Dag("customers_snapshot", new DagOptions
{
    Description = "Daily snapshot of the shop's customers into staging.customers (e-mail classified PII)",
    Owner = "data-platform",
    Tags = ["staging", "customers", "star"],
    Schedule = "0 1 * * *",
    StartDate = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc),
    Catchup = false,
    MaxActiveRuns = 1,
    DefaultTaskOptions = new TaskOptions { Retries = 3, RetryDelay = TimeSpan.FromMinutes(5), ExecutionTimeout = TimeSpan.FromMinutes(10) },
})
{
    /// <inheritdoc />
    protected override void Define(DagBuilder dag) =>
        dag.Task("snapshot_customers", SnapshotCustomersAsync, new TaskOptions { Writes = [StarDatasets.StagingCustomers] });

    /// <summary>Reads source.customers and upserts the day's snapshot, checking staging.customers' contract before committing.</summary>
    public static async Task SnapshotCustomersAsync(TaskContext context)
    {
        await using var connection = await Warehouse.OpenAsync(context);
        await OrdersSource.EnsureCustomersAsync(connection, context.CancellationToken);
        await Warehouse.RunDdlAsync(connection, StagingSchema.Ddl, context.CancellationToken);

        var day = DateOnly.FromDateTime(context.DataInterval.Start.UtcDateTime);
        var snapshot = new List<CustomerSnapshot>();
        await using (var select = new NpgsqlCommand("SELECT customer_id, name, country, segment FROM source.customers ORDER BY customer_id", connection))
        await using (var reader = await select.ExecuteReaderAsync(context.CancellationToken))
        {
            while (await reader.ReadAsync(context.CancellationToken))
            {
                snapshot.Add(CustomerChanges.On(day, new Customer(reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetString(3))));
            }
        }

        context.Rows.AddRead(snapshot.Count);
        var load = await context.LoadAsync(connection,
            new LoadSpec(StarDatasets.StagingCustomers, StagingSchema.Columns) { Key = ["snapshot_date", "customer_id"] },
            snapshot, c => [c.SnapshotDate, c.CustomerId, c.Name, c.Email, c.Country, c.Segment]);
        context.Logger.LogInformation("Snapshot of {Day}: {Customers} customers, {Inserted} inserted, {Updated} updated",
            day, snapshot.Count, load.Inserted, load.Updated);
    }
}
