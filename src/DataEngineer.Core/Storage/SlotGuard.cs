using DataEngineer.Core.States;

namespace DataEngineer.Core.Storage;

/// <summary>
/// How both stores hold <see cref="ClaimLimits"/> without a lock around the decision: the decision reads the
/// occupancy unlocked, the store writes it, and the occupancy after the write (read under the counters' row locks the
/// write took, in PostgreSQL) must be within every limit the write grew. If not, the store undoes the write and decides
/// again with the broken limits reported full (<see cref="Full"/>), as if the decision had come after the others.
/// </summary>
public static class SlotGuard
{
    /// <summary>How many times a store decides again before it gives up on a decision that keeps breaking a limit.</summary>
    public const int MaxDecisions = 5;

    /// <summary>How much <paramref name="changes"/> grow the run's DAG's running runs and active tasks and <paramref name="pool"/>'s active tasks.</summary>
    public static SlotGrowth Growth(RunSnapshot before, RunChanges changes, string? pool)
    {
        var runs = changes.Run is { } run ? Running(run.State) - Running(before.Run.State) : 0;
        var dagTasks = 0;
        var poolTasks = 0;
        foreach (var task in changes.Tasks.GroupBy(t => t.TaskId, StringComparer.Ordinal).Select(g => g.Last()))
        {
            var old = before.Tasks.GetValueOrDefault(task.TaskId);
            var was = old is not null && IsActive(old.State);
            var now = IsActive(task.State);
            dagTasks += (now ? 1 : 0) - (was ? 1 : 0);
            if (pool is not null)
            {
                poolTasks += (now && task.Pool == pool ? 1 : 0) - (was && old!.Pool == pool ? 1 : 0);
            }
        }

        return new SlotGrowth(runs, dagTasks, poolTasks);
    }

    /// <summary>The limits the write broke: those it grew that <paramref name="after"/> exceeds.</summary>
    public static SlotsFull Broken(Occupancy after, ClaimLimits limits, SlotGrowth growth) => new(
        growth.Runs > 0 && limits.MaxActiveRuns is { } runs && after.RunningRunsOfDag > runs,
        growth.DagTasks > 0 && limits.MaxActiveTasks is { } tasks && after.ActiveTasksOfDag > tasks,
        growth.PoolTasks > 0 && limits.Pool is not null && after.ActiveTasksInPool > after.PoolSlots);

    /// <summary><paramref name="read"/> with the limits in <paramref name="full"/> reported full.</summary>
    public static Occupancy Full(Occupancy read, ClaimLimits limits, SlotsFull full) => read with
    {
        RunningRunsOfDag = full.Runs && limits.MaxActiveRuns is { } runs ? Math.Max(read.RunningRunsOfDag, runs) : read.RunningRunsOfDag,
        ActiveTasksOfDag = full.DagTasks && limits.MaxActiveTasks is { } tasks ? Math.Max(read.ActiveTasksOfDag, tasks) : read.ActiveTasksOfDag,
        ActiveTasksInPool = full.Pool ? Math.Max(read.ActiveTasksInPool, read.PoolSlots) : read.ActiveTasksInPool,
    };

    /// <summary>Whether a task instance in this state holds a slot of its DAG and pool.</summary>
    public static bool IsActive(TaskInstanceState state) => state is TaskInstanceState.Queued or TaskInstanceState.Running;

    private static int Running(DagRunState state) => state == DagRunState.Running ? 1 : 0;
}

/// <summary>How much a write grows the limits' occupancy (negative: it frees slots).</summary>
public readonly record struct SlotGrowth(int Runs, int DagTasks, int PoolTasks)
{
    public bool Grows => Runs > 0 || DagTasks > 0 || PoolTasks > 0;
}

/// <summary>Which limits are full (or were broken by a write).</summary>
public readonly record struct SlotsFull(bool Runs, bool DagTasks, bool Pool)
{
    public bool Any => Runs || DagTasks || Pool;

    public SlotsFull Or(SlotsFull other) => new(Runs || other.Runs, DagTasks || other.DagTasks, Pool || other.Pool);
}
