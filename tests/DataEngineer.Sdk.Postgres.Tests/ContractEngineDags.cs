using Npgsql;

namespace DataEngineer.Sdk.Postgres.Tests;

/// <summary>
/// A producer that loads <c>ce.orders</c> under an additive contract (with a NULL e-mail when its conf says so), and a
/// consumer DAG that reads it: the engine test checks the failure names the consumer, looked up through the store.
/// </summary>
public static class ContractEngineDags
{
    public static readonly Dataset Orders = new("ce.orders")
    {
        Owner = "orders-team",
        Columns =
        [
            new DatasetColumnSpec("order_id") { Type = "bigint", Nullable = false, Description = "Key." },
            new DatasetColumnSpec("email") { Type = "text", Nullable = false, Classification = DataClassification.Pii, Description = "Customer e-mail." },
        ],
        Contract = ContractMode.Additive,
    };

    public sealed record ProducerParams
    {
        public bool NullEmail { get; init; }
    }

    public sealed class Producer() : Dag<ProducerParams>("contract_producer", new DagOptions { DefaultTaskOptions = new TaskOptions { Retries = 2 } })
    {
        protected override void Define(DagBuilder dag) => dag.Task("load", LoadAsync, new TaskOptions { Writes = [Orders] });

        private static async Task LoadAsync(TaskContext context)
        {
            await using var connection = new NpgsqlConnection(context.GetConnectionString("Warehouse"));
            await connection.OpenAsync(context.CancellationToken);
            await using (var ddl = new NpgsqlCommand("CREATE SCHEMA IF NOT EXISTS ce; CREATE TABLE IF NOT EXISTS ce.orders (order_id bigint PRIMARY KEY, email text)", connection))
            {
                await ddl.ExecuteNonQueryAsync(context.CancellationToken);
            }

            var email = context.Params<ProducerParams>().NullEmail ? null : "a@example.com";
            var id = context.LogicalDate.ToUnixTimeSeconds();
            await context.LoadAsync(connection, new LoadSpec(Orders, ["order_id", "email"]) { Key = ["order_id"] }, [(id, email)], r => [r.id, r.email]);
        }
    }

    public sealed class Consumer() : Dag("contract_consumer")
    {
        protected override void Define(DagBuilder dag) => dag.Task("report", _ => { }, new TaskOptions { Reads = [new Dataset("ce.orders")] });
    }
}
