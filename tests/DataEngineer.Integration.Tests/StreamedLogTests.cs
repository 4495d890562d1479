using System.Text.Json;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using Xunit;

namespace DataEngineer.Integration.Tests;

/// <summary>
/// A running try's log reaches the metadata store while it runs, in real worker processes: the task (it_streamed_log)
/// blocks on a release file the test creates only after it has seen the lines.
/// </summary>
public sealed class StreamedLogTests : IAsyncLifetime
{
    private readonly string _releaseFile = Path.Combine(Path.GetTempPath(), $"dataengineer-release-{Guid.NewGuid():N}");
    private EngineCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await EngineCluster.CreateAsync();

    public async Task DisposeAsync()
    {
        File.Delete(_releaseFile);
        await _cluster.DisposeAsync();
    }

    private async Task<RunKey> TriggerAsync(string date)
    {
        var conf = JsonSerializer.Serialize(new { releaseFile = _releaseFile, lines = 3 });
        var trigger = await Cli.RunAsync(_cluster, "dags", "trigger", "it_streamed_log", "--date", date, "--conf", conf);
        Assert.True(trigger.ExitCode == 0, trigger.Error);
        return new RunKey("it_streamed_log", $"manual__{date}");
    }

    private Task<IReadOnlyList<TaskLogLine>> WaitForLinesWhileRunningAsync(RunKey key) =>
        _cluster.WaitForAsync(() => _cluster.Store.GetLogAsync(key, "talk", 1), lines => lines.Any(l => l.Message == "waiting for the release file"),
            TimeSpan.FromSeconds(90), "the running try's lines in the store");

    [Fact]
    public async Task RunningTry_ItsLinesAreInTheStoreBeforeItEnds_ThenTheRestInOrder()
    {
        await _cluster.StartAsync("worker");
        await _cluster.StartAsync("scheduler");
        var key = await TriggerAsync("2024-03-01T00:00:00Z");

        var whileRunning = await WaitForLinesWhileRunningAsync(key);

        // The task cannot end before the release file exists: these lines were stored while it ran.
        Assert.False(File.Exists(_releaseFile));
        Assert.Equal(TaskInstanceState.Running, (await _cluster.Store.GetRunAsync(key))!.Tasks["talk"].State);
        var streamed = whileRunning.Select(l => l.Message).Where(m => !m.StartsWith("Starting try", StringComparison.Ordinal)).ToList();
        Assert.Equal(["streamed line 1 of 3", "streamed line 2 of 3", "streamed line 3 of 3", "a warning while running", "waiting for the release file"], streamed);
        Assert.Equal("WARNING", whileRunning.Single(l => l.Message == "a warning while running").Level);

        await File.WriteAllTextAsync(_releaseFile, "go");
        var run = await _cluster.WaitForRunAsync(key, TimeSpan.FromSeconds(60));

        Assert.Equal(DagRunState.Success, run.Run.State);
        var log = (await _cluster.Store.GetLogAsync(key, "talk", 1)).Select(l => l.Message).ToList();
        Assert.Equal(whileRunning.Select(l => l.Message), log.Take(whileRunning.Count));
        Assert.Contains("released; the last line", log.Skip(whileRunning.Count));
        Assert.Equal(log.Count, log.Distinct().Count());
    }

    [Fact]
    public async Task WorkerKilledMidTry_TheLinesItLoggedStayInTheTrysLog()
    {
        var worker = await _cluster.StartAsync("worker");
        await _cluster.StartAsync("scheduler");
        var key = await TriggerAsync("2024-03-02T00:00:00Z");
        var beforeKill = await WaitForLinesWhileRunningAsync(key);

        worker.KillHard();
        var run = await _cluster.WaitForRunAsync(key, TimeSpan.FromSeconds(90));

        Assert.Equal(DagRunState.Failed, run.Run.State);
        var tries = await _cluster.Store.ListTriesAsync(key, "talk");
        Assert.Contains("stopped heartbeating", Assert.Single(tries).Error, StringComparison.Ordinal);
        var log = (await _cluster.Store.GetLogAsync(key, "talk", 1)).Select(l => l.Message).ToList();
        Assert.Equal(beforeKill.Select(l => l.Message), log.Take(beforeKill.Count));
        Assert.Contains("streamed line 3 of 3", log);
        Assert.DoesNotContain("released; the last line", log);
    }

    [Fact]
    public async Task TasksLogsFollow_PrintsLinesWhileTheTryRuns_AndExitsWhenItEnds()
    {
        await _cluster.StartAsync("worker");
        await _cluster.StartAsync("scheduler");
        var key = await TriggerAsync("2024-03-03T00:00:00Z");
        await WaitForLinesWhileRunningAsync(key);

        await using var follow = HostProcess.Start(_cluster.Environment, "tasks", "logs", key.RunId, "talk", "--dag", key.DagId, "--follow");
        await follow.WaitForOutputAsync("waiting for the release file", TimeSpan.FromSeconds(60));
        Assert.False(follow.HasExited);
        Assert.DoesNotContain("released; the last line", follow.Output, StringComparison.Ordinal);

        await File.WriteAllTextAsync(_releaseFile, "go");

        Assert.Equal(0, await follow.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        var printed = follow.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var stored = await _cluster.Store.GetLogAsync(key, "talk", 1);
        Assert.Equal(stored.Select(l => l.ToText().Trim()), printed);
        Assert.Contains(printed, l => l.EndsWith("released; the last line", StringComparison.Ordinal));
        Assert.Contains(printed, l => l.Contains(" WARNING ", StringComparison.Ordinal));
    }
}
