using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using Xunit;

namespace DataEngineer.Integration.Tests.Loading;

/// <summary>A scheduler and a worker process watching one DAGs folder while files are added, changed, broken and removed.</summary>
public sealed class HotReloadTests : IAsyncLifetime
{
    private readonly DagFiles _files = new();
    private readonly string _cache = Directory.CreateTempSubdirectory("dataengineer-dag-cache-").FullName;
    private EngineCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _cluster = await EngineCluster.CreateAsync();
        _cluster.ExtraEnvironment["DataEngineer__DagsFolder"] = _files.Folder;
        _cluster.ExtraEnvironment["DataEngineer__DagCacheFolder"] = _cache;
        _cluster.ExtraEnvironment["DataEngineer__DagAssemblies"] = "";
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _files.Dispose();
        Directory.Delete(_cache, recursive: true);
    }

    // Task b waits for a file, so the run is in flight while the DAG changes.
    private string HeldDag(string releaseFile) => $$"""
        using DataEngineer.Sdk;

        public sealed class Hello() : Dag("hello", new DagOptions { StartDate = new DateTime(2024, 1, 1) })
        {
            protected override void Define(DagBuilder dag)
            {
                var a = dag.Task("a", ctx => Console.WriteLine("version one"));
                var b = dag.Task("b", async ctx =>
                {
                    while (!File.Exists(@"{{releaseFile}}"))
                    {
                        await Task.Delay(50, ctx.CancellationToken);
                    }
                });
                dag.Chain(a, b);
            }
        }
        """;

    [Fact]
    public async Task ChangesGoLive_WithoutARestart_AndARunInFlightFinishesOnItsOwnVersion()
    {
        var release = Path.Combine(_cache, "release");
        _files.Write("hello.cs", HeldDag(release));
        await _cluster.StartAsync("worker");
        await _cluster.StartAsync("scheduler");

        var v1 = (await _cluster.WaitForAsync(() => _cluster.Store.GetDagAsync("hello"), d => d is not null, TimeSpan.FromSeconds(30), "hello to be recorded"))!.Version;
        Assert.True((await Cli.RunAsync(_cluster, "dags", "unpause", "hello")).ExitCode == 0);
        var trigger = await Cli.RunAsync(_cluster, "dags", "trigger", "hello");
        Assert.True(trigger.ExitCode == 0, trigger.Error);
        var first = new RunKey("hello", (await _cluster.Store.ListRunsAsync("hello")).Single().RunId);
        await _cluster.WaitForAsync(() => _cluster.Store.GetRunAsync(first), s => s!.Tasks["b"].State == TaskInstanceState.Running, TimeSpan.FromSeconds(60), "task b to run");

        // A new shape while the run is in flight: the scheduler records the new version without a restart.
        _files.Write("hello.cs", DagFiles.Dag("Hello", "hello", ["a", "c"], schedule: "@hourly"));
        var changed = await _cluster.WaitForAsync(() => _cluster.Store.GetDagAsync("hello"), d => d!.Version != v1, TimeSpan.FromSeconds(120), "the new version to go live");
        Assert.Equal("@hourly", changed!.Schedule);

        File.WriteAllText(release, "go");
        var done = await _cluster.WaitForRunAsync(first, TimeSpan.FromSeconds(60));
        Assert.Equal(DagRunState.Success, done.Run.State);
        Assert.Equal(v1, done.Run.DagVersion);
        Assert.Equal(["a", "b"], done.Tasks.Keys.Order(StringComparer.Ordinal));

        var again = await Cli.RunAsync(_cluster, "dags", "trigger", "hello", "--date", "2024-02-01");
        Assert.True(again.ExitCode == 0, again.Error);
        var second = (await _cluster.Store.ListRunsAsync("hello")).Single(r => r.RunId != first.RunId && r.Type == DagRunType.Manual);
        var secondDone = await _cluster.WaitForRunAsync(second.Key, TimeSpan.FromSeconds(60));
        Assert.Equal(DagRunState.Success, secondDone.Run.State);
        Assert.Equal(changed.Version, secondDone.Run.DagVersion);
        Assert.Equal(["a", "c"], secondDone.Tasks.Keys.Order(StringComparer.Ordinal));

        // The old graph stays visible from the store after the code changed.
        var shown = await Cli.RunAsync(_cluster, "dags", "show", "hello", "--version", v1);
        Assert.True(shown.ExitCode == 0, shown.Error);
        Assert.Contains("  b <- a", shown.Out, StringComparison.Ordinal);

        // A broken file is an import error in the store; removing the DAG's file deactivates it.
        _files.Write("broken.cs", "public class Broken : DataEngineer.Sdk.Dag { oops }");
        _files.Delete("hello.cs");
        var errors = await _cluster.WaitForAsync(() => _cluster.Store.ListImportErrorsAsync(), e => e.Any(x => x.Source == "broken.cs"), TimeSpan.FromSeconds(120), "the import error");
        Assert.All(errors, e => Assert.NotNull(e.Line));
        await _cluster.WaitForAsync(() => _cluster.Store.GetDagAsync("hello"), d => !d!.IsActive, TimeSpan.FromSeconds(120), "hello to be deactivated");
    }
}
