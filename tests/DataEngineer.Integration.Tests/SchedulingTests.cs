using DataEngineer.Core.States;
using Xunit;

namespace DataEngineer.Integration.Tests;

/// <summary>Two scheduler processes and a worker process on one database.</summary>
public sealed class SchedulingTests : IAsyncLifetime
{
    private EngineCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await EngineCluster.CreateAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task TwoSchedulers_CatchupAndCron_CreateEachIntervalExactlyOnce()
    {
        await _cluster.StartAsync("worker", "--concurrency", "8");
        await _cluster.StartAsync("scheduler");
        await _cluster.StartAsync("scheduler");

        // Catchup from 30 days ago: exactly 30 daily runs, paced by MaxActiveRuns = 8, all done.
        var catchup = await _cluster.WaitForAsync(() => _cluster.Store.ListRunsAsync("it_catchup", null, 1000),
            runs => runs.Count == 30 && runs.All(r => r.State == DagRunState.Success), TimeSpan.FromSeconds(120), "30 successful catchup runs");
        var today = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero);
        Assert.Equal(Enumerable.Range(1, 30).Select(d => today.AddDays(-d)), catchup.Select(r => r.LogicalDate));
        Assert.All(catchup, r => Assert.Equal(DagRunType.Scheduled, r.Type));

        // Minutely cron without catchup: after the next minute boundary, one run per closed minute, none twice.
        var first = await _cluster.WaitForAsync(() => _cluster.Store.ListRunsAsync("it_minutely"), runs => runs.Count >= 1, TimeSpan.FromSeconds(30), "the first minutely run");
        var latest = first.Max(r => r.DataInterval.End);
        var minutely = await _cluster.WaitForAsync(() => _cluster.Store.ListRunsAsync("it_minutely"),
            runs => runs.Any(r => r.DataInterval.Start >= latest && r.State == DagRunState.Success), TimeSpan.FromSeconds(90), "a run fired at the next minute");
        Assert.Equal(minutely.Count, minutely.Select(r => r.LogicalDate).Distinct().Count());
        Assert.All(minutely, r => Assert.Equal(TimeSpan.FromMinutes(1), r.DataInterval.End - r.DataInterval.Start));
        var fired = minutely.Single(r => r.DataInterval.Start == latest);
        Assert.InRange(fired.CreatedAt - fired.DataInterval.End, TimeSpan.Zero, TimeSpan.FromSeconds(15));

        // The example DAGs run beside these (dataset-triggered runs may be mid-task now); no try is left running in a run that ended.
        foreach (var task in await _cluster.Store.ListTaskInstancesAsync([TaskInstanceState.Running]))
        {
            var snapshot = (await _cluster.Store.GetRunAsync(task.Run))!;
            Assert.False(snapshot.Run.State.IsFinished() && snapshot.Tasks[task.TaskId].State == TaskInstanceState.Running,
                $"{task.TryKey} is still running in a run that ended {snapshot.Run.State}");
        }
    }
}
