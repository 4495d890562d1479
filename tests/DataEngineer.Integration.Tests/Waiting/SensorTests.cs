using DataEngineer.Core.Execution;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Validation;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace DataEngineer.Integration.Tests.Waiting;

/// <summary>Sensors in reschedule mode on the real engine and PostgreSQL: a waiting sensor holds no slot, and times out from its first poke.</summary>
[Collection(ProcessGlobalsCollection.Name)]
public sealed class SensorTests : IAsyncLifetime
{
    private readonly string _inbox = Directory.CreateTempSubdirectory("de-sensor-").FullName;
    private EngineCluster _cluster = null!;
    private IHost _host = null!;
    private StaticDagRegistry _dags = null!;

    public async Task InitializeAsync()
    {
        _cluster = await EngineCluster.CreateAsync();
        _dags = new StaticDagRegistry(new[]
        {
            new FileSensorDag("sensor_waits", _inbox, TimeSpan.FromMinutes(10)),
            new FileSensorDag("sensor_times_out", Path.Combine(_inbox, "never"), TimeSpan.FromSeconds(3)),
        }.Select(d => DagValidator.Validate(d.Build())));
        _host = await InProcessEngine.StartAsync(_cluster, _dags, new WorkerOptions { Hostname = "one-slot", Concurrency = 1 }, pausedAtCreation: false);
    }

    public async Task DisposeAsync()
    {
        await InProcessEngine.StopAsync(_host);
        await _cluster.DisposeAsync();
        Directory.Delete(_inbox, recursive: true);
    }

    [Fact]
    public async Task FileSensor_WhileWaiting_FreesItsSlotForAnotherTask_AndSucceedsWhenTheFileArrives()
    {
        var run = await TriggerAsync("sensor_waits");

        // One slot: "meanwhile" can only run once the sensor (first by priority) has given it back.
        var meanwhile = await _cluster.WaitForAsync(() => _cluster.Store.GetRunAsync(run), s => s!.Tasks["meanwhile"].State == TaskInstanceState.Success,
            TimeSpan.FromSeconds(90), "the ordinary task to run while the sensor waits");
        Assert.Equal(TaskInstanceState.UpForReschedule, meanwhile!.Tasks["wait_for_orders"].State);
        Assert.NotNull(meanwhile.Tasks["wait_for_orders"].NextTryAt);
        var pokes = await _cluster.Store.ListTriesAsync(run, "wait_for_orders");
        Assert.True(pokes[0].EndedAt <= meanwhile.Tasks["meanwhile"].StartedAt, "the ordinary task started before the sensor's first poke ended");
        Assert.Equal(TaskInstanceState.None, meanwhile.Tasks["load"].State);

        Directory.CreateDirectory(Path.Combine(_inbox, "2024"));
        await File.WriteAllTextAsync(Path.Combine(_inbox, "2024", "orders_01.csv"), "id\n1\n");
        var done = await _cluster.WaitForRunAsync(run, TimeSpan.FromSeconds(90));

        Assert.Equal(DagRunState.Success, done.Run.State);
        var sensor = done.Tasks["wait_for_orders"];
        Assert.Equal(TaskInstanceState.Success, sensor.State);
        pokes = await _cluster.Store.ListTriesAsync(run, "wait_for_orders");
        Assert.True(pokes.Count >= 2, $"{pokes.Count} poke(s)");
        Assert.All(pokes.SkipLast(1), p => Assert.Equal(TaskInstanceState.UpForReschedule, p.State));
        // Pokes use no retries: the task still has its 2 retries left after the last poke.
        Assert.Equal(2, sensor.MaxTries - sensor.TryNumber);
        var log = await _cluster.Store.GetLogAsync(run, "wait_for_orders", pokes[^1].TryNumber);
        Assert.Contains(log, l => l.Message.Contains("orders_01.csv", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FileSensor_FileNeverArrives_FailsAtItsTimeoutFromTheFirstPoke_WithoutRetrying()
    {
        var run = await TriggerAsync("sensor_times_out");

        var done = await _cluster.WaitForRunAsync(run, TimeSpan.FromSeconds(90));

        Assert.Equal(DagRunState.Failed, done.Run.State);
        var sensor = done.Tasks["wait_for_orders"];
        Assert.Equal(TaskInstanceState.Failed, sensor.State);
        Assert.Contains("Sensor timed out", sensor.Error, StringComparison.Ordinal);
        Assert.Contains("timeout of 00:00:03", sensor.Error, StringComparison.Ordinal);
        var pokes = await _cluster.Store.ListTriesAsync(run, "wait_for_orders");
        Assert.True(pokes.Count >= 2, $"{pokes.Count} poke(s)");
        Assert.True(pokes[^1].EndedAt - pokes[0].StartedAt >= TimeSpan.FromSeconds(3), "failed before its timeout");
        Assert.Equal(TaskInstanceState.UpstreamFailed, done.Tasks["load"].State);
        Assert.Equal(TaskInstanceState.Success, done.Tasks["meanwhile"].State);
    }

    private async Task<RunKey> TriggerAsync(string dagId)
    {
        var graph = _dags.Find(dagId)!;
        await _cluster.Store.SyncDagAsync(DagRecords.Of(graph, DateTimeOffset.UtcNow), pausedAtCreation: false);
        await _cluster.Store.SetPausedAsync(dagId, false);
        var run = await ManualRuns.TriggerAsync(_cluster.Store, graph, null, DateTimeOffset.UtcNow.AddDays(-1), TimeProvider.System, CancellationToken.None);
        return run.Key;
    }
}
