using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Postgres.Local;
using DataEngineer.Postgres.Metadata;
using DataEngineer.Sdk;
using DataEngineer.Testing;
using Npgsql;
using Xunit;

namespace DataEngineer.Integration.Tests;

/// <summary>PostgreSQL restarted under a running task: the run still completes and nothing stays running.</summary>
public sealed class DatabaseRestartTests : IAsyncLifetime
{
    private PostgresScratchDirectory _directory = null!;
    private LocalPostgres _server = null!;
    private readonly List<HostProcess> _processes = [];

    public async Task InitializeAsync()
    {
        // Its own cluster: restarting the shared test cluster would pull it from under the other test classes.
        _directory = new PostgresScratchDirectory();
        _server = await LocalPostgres.StartAsync(new LocalPostgresOptions { DataDirectory = _directory.DataDirectory, FastUnsafe = true });
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        await _server.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task RestartMidTask_RunCompletes_NoTryLeftRunning()
    {
        await _server.EnsureDatabaseAsync("restart");
        var connection = _server.ConnectionString("restart");
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Metadata"] = connection,
            ["ConnectionStrings__Warehouse"] = connection,
            ["DataEngineer__DagAssemblies"] = EngineCluster.TestDagsPath,
            ["DataEngineer__ZombieTimeoutSeconds"] = "30",
            ["DataEngineer__DagsArePausedAtCreation"] = "false",
        };
        foreach (var role in new[] { "worker", "scheduler" })
        {
            var process = HostProcess.Start(environment, role);
            _processes.Add(process);
            await process.WaitForOutputAsync("is running", TimeSpan.FromSeconds(60));
        }

        await using var dataSource = NpgsqlDataSource.Create(connection);
        var store = new PostgresMetadataStore(dataSource);
        var graph = Core.Validation.DagValidator.Validate(new TestDags.RestartDag().Build());
        var run = await Core.Execution.ManualRuns.TriggerAsync(store, graph, null, null, TimeProvider.System, CancellationToken.None);
        await PollAsync(store, run.Key, s => s.Tasks["during"].State == TaskInstanceState.Running, "the task to start");

        var port = _server.Port;
        await _server.DisposeAsync();
        _server = await LocalPostgres.StartAsync(new LocalPostgresOptions { DataDirectory = _directory.DataDirectory, Port = port, FastUnsafe = true });

        var done = await PollAsync(store, run.Key, s => s.Run.State.IsFinished(), "the run to finish");
        Assert.Equal(DagRunState.Success, done.Run.State);
        Assert.All(done.Tasks.Values, t => Assert.Equal(TaskInstanceState.Success, t.State));
        Assert.Equal("3", (await store.GetXComAsync(run.Key, "after", XComKeys.ReturnValue))!.Json);
        Assert.All(await store.ListTriesAsync(run.Key), t => Assert.NotEqual(TaskInstanceState.Running, t.State));
    }

    private async Task<RunSnapshot> PollAsync(IMetadataStore store, RunKey key, Func<RunSnapshot, bool> done, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await store.GetRunAsync(key) is { } snapshot && done(snapshot))
                {
                    return snapshot;
                }
            }
            catch (NpgsqlException)
            {
                // The server is restarting; the pool hands out fresh connections once it is back.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"Timed out waiting for {what}. Output:{Environment.NewLine}{string.Join(Environment.NewLine + "----" + Environment.NewLine, _processes.Select(p => p.Output))}");
    }
}
