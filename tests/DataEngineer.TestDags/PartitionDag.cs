using DataEngineer.Sdk;
using Npgsql;

namespace DataEngineer.TestDags;

/// <summary>
/// Manual only: two side-effect tasks, then <c>finish</c>. Each side-effect try waits for its release file, deaf to
/// cancellation (as a body stuck in a call that ignores it), then writes a row keyed by its task instance and try
/// into <see cref="SideEffectTable"/> through its own connection, retrying while the network is down, and ends. The
/// network partition test cuts a worker off while its tries wait, and counts which written rows the engine accepted.
/// </summary>
public sealed class PartitionDag() : Dag<PartitionParams>("it_partition", new DagOptions
{
    Tags = ["test"],
    DefaultTaskOptions = new TaskOptions { Retries = 1, RetryDelay = TimeSpan.Zero },
})
{
    public const string SideEffectTable = "partition_side_effects";

    public static readonly string[] SideEffectTasks = ["effect_a", "effect_b"];

    private static readonly TimeSpan ReleaseLimit = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan WriteLimit = TimeSpan.FromMinutes(3);

    protected override void Define(DagBuilder dag)
    {
        var finish = dag.Task("finish", _ => { });
        foreach (var taskId in SideEffectTasks)
        {
            dag.Task(taskId, WriteSideEffectAsync).Before(finish);
        }
    }

    private static async Task WriteSideEffectAsync(TaskContext ctx)
    {
        var release = Path.Combine(ctx.Params<PartitionParams>().ReleaseDirectory, $"{ctx.TaskId}.{ctx.TryNumber}");
        var waitUntil = DateTime.UtcNow + ReleaseLimit;
        while (!File.Exists(release) && DateTime.UtcNow < waitUntil)
        {
            await Task.Delay(100, CancellationToken.None);
        }

        var writeUntil = DateTime.UtcNow + WriteLimit;
        while (true)
        {
            try
            {
                await using var db = new NpgsqlConnection(ctx.GetConnectionString("Warehouse"));
                await db.OpenAsync(CancellationToken.None);
                await using var insert = new NpgsqlCommand(
                    $"INSERT INTO {SideEffectTable} (dag_id, run_id, task_id, try_number, pid) VALUES ($1, $2, $3, $4, $5)", db);
                insert.Parameters.Add(new NpgsqlParameter { Value = ctx.DagId });
                insert.Parameters.Add(new NpgsqlParameter { Value = ctx.RunId });
                insert.Parameters.Add(new NpgsqlParameter { Value = ctx.TaskId });
                insert.Parameters.Add(new NpgsqlParameter { Value = ctx.TryNumber });
                insert.Parameters.Add(new NpgsqlParameter { Value = Environment.ProcessId });
                await insert.ExecuteNonQueryAsync(CancellationToken.None);
                return;
            }
            catch (NpgsqlException) when (DateTime.UtcNow < writeUntil)
            {
                await Task.Delay(250, CancellationToken.None);
            }
        }
    }
}
