using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using Xunit;

namespace DataEngineer.Testing;

/// <summary>Tasks that wait without a slot (up_for_reschedule, awaiting_input) and run deadlines (<see cref="IDeadlineStore"/>).</summary>
public abstract partial class MetadataStoreContract
{
    [Fact]
    public async Task UpdateRun_WaitingStates_AreStoredWithTheirTriesAndListedByState()
    {
        var store = await CreateStoreAsync();
        var (run, tasks) = NewRun("dag_a", Day, "sensor", "approval");
        await store.CreateRunAsync(run, tasks);
        var next = Day.AddMinutes(5);

        await store.UpdateRunAsync(run.Key, s => new RunChanges(
        [
            s.Tasks["sensor"] with { State = TaskInstanceState.UpForReschedule, TryNumber = 1, MaxTries = 4, StartedAt = Day, EndedAt = Day, NextTryAt = next },
            s.Tasks["approval"] with { State = TaskInstanceState.AwaitingInput, TryNumber = 1, StartedAt = Day },
        ], s.Run with { State = DagRunState.Running }));

        var stored = (await store.GetRunAsync(run.Key))!;
        Assert.Equal((TaskInstanceState.UpForReschedule, next, 4), (stored.Tasks["sensor"].State, stored.Tasks["sensor"].NextTryAt, stored.Tasks["sensor"].MaxTries));
        Assert.Equal(TaskInstanceState.AwaitingInput, stored.Tasks["approval"].State);
        Assert.Equal(TaskInstanceState.UpForReschedule, (await store.ListTriesAsync(run.Key, "sensor")).Single().State);
        Assert.Equal(TaskInstanceState.AwaitingInput, (await store.ListTriesAsync(run.Key, "approval")).Single().State);
        Assert.Equal(["approval"], (await store.ListTaskInstancesAsync([TaskInstanceState.AwaitingInput])).Select(t => t.TaskId));
        Assert.Equal(["sensor"], (await store.ListTaskInstancesAsync([TaskInstanceState.UpForReschedule])).Select(t => t.TaskId));
    }

    [Fact]
    public async Task RecordDeadlineMisses_RecordsEachLateActiveRunOnce_AndListsItAsLateUntilItEnds()
    {
        var store = await CreateStoreAsync();
        var (late, lateTasks) = NewRun("dag_a", Day, "t");
        var (onTime, onTimeTasks) = NewRun("dag_a", Day.AddDays(5), "t");
        var (other, otherTasks) = NewRun("dag_b", Day, "t");
        await store.CreateRunAsync(late, lateTasks);
        await store.CreateRunAsync(onTime, onTimeTasks);
        await store.CreateRunAsync(other, otherTasks);
        var deadlines = new Dictionary<string, TimeSpan> { ["dag_a"] = TimeSpan.FromHours(3) };
        var now = Day.AddDays(1).AddHours(4); // late's interval ended 4 h ago; onTime's has not ended; dag_b has no deadline

        var first = await store.RecordDeadlineMissesAsync(deadlines, now);
        var second = await store.RecordDeadlineMissesAsync(deadlines, now.AddMinutes(1));

        var miss = Assert.Single(first);
        Assert.Equal((late.Key, Day.AddDays(1).AddHours(3), now), (miss.Run, miss.DeadlineAt, miss.MissedAt));
        Assert.Empty(second);
        Assert.Equal(miss, await store.GetDeadlineMissAsync(late.Key));
        Assert.Null(await store.GetDeadlineMissAsync(onTime.Key));
        Assert.Equal([late.Key], (await store.ListLateRunsAsync(10)).Select(m => m.Run));

        await store.UpdateRunAsync(late.Key, s => new RunChanges([], s.Run with { State = DagRunState.Success, EndedAt = now }));
        Assert.Empty(await store.ListLateRunsAsync(10));
        Assert.Empty(await store.RecordDeadlineMissesAsync(deadlines, now.AddHours(1)));
        Assert.Empty(await store.RecordDeadlineMissesAsync(new Dictionary<string, TimeSpan>(), now));
    }
}
