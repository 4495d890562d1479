using DataEngineer.Sdk;

namespace DataEngineer.TestDags;

/// <summary>
/// list_files → process (mapped, one instance per file) → report (receives every instance's result in index order).
/// The instance at <paramref name="failingIndex"/> fails its first try without retry.
/// </summary>
public abstract class MappedFilesDag(string id, int count, int failingIndex = -1)
    : Dag(id, new DagOptions { MaxActiveTasks = 64, DefaultTaskOptions = new TaskOptions { RetryDelay = TimeSpan.Zero } })
{
    protected override void Define(DagBuilder dag)
    {
        var files = dag.Task<IReadOnlyList<string>>("list_files", _ => [.. Enumerable.Range(0, count).Select(i => $"file_{i}.csv")]);
        var sizes = dag.Map("process", files, (ctx, file) =>
        {
            if (ctx.MapIndex == failingIndex && ctx.TryNumber == 1)
            {
                ctx.Fail($"cannot read {file}");
            }

            ctx.Rows.AddRead(ctx.MapIndex);
            return $"{ctx.MapIndex}:{file}";
        });
        dag.Task("report", sizes, (ctx, all) => string.Join("|", all));
    }
}
