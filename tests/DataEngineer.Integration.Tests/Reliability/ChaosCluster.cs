namespace DataEngineer.Integration.Tests.Reliability;

/// <summary>
/// The suite's processes: schedulers and worker slots against one database. Workers are killed with kill -9 and a
/// slot whose worker has exited (killed, or failed to start while the database was down) gets a new one.
/// </summary>
public sealed class ChaosCluster(IReadOnlyDictionary<string, string> environment) : IAsyncDisposable
{
    public static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(180);

    private static readonly string[] WorkerArgs = ["worker", "--queues", "default", "--concurrency", "4"];

    private readonly List<HostProcess> _all = [];
    private readonly List<HostProcess> _schedulers = [];
    private readonly List<HostProcess> _workers = [];
    private readonly List<ProcessKill> _kills = [];
    private readonly Dictionary<HostProcess, DateTimeOffset> _readySince = [];
    private int _nextVictim;

    public IReadOnlyList<ProcessKill> Kills => _kills;

    /// <summary>Workers started to replace an exited one.</summary>
    public int WorkerRestarts { get; private set; }

    public async Task StartSchedulerAsync() => _schedulers.Add(await StartAsync(["scheduler"]));

    public async Task StartWorkerAsync() => _workers.Add(await StartAsync(WorkerArgs));

    /// <summary>
    /// kill -9 of the next worker (round robin) that has been up for <paramref name="upFor"/>, but only while another
    /// worker is up too: the work goes on however slowly replacements start. False when no worker qualifies yet.
    /// </summary>
    public bool KillWorker(TimeSpan upFor)
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var worker in _workers.Where(w => !w.HasExited && !_readySince.ContainsKey(w) && w.Output.Contains("is running", StringComparison.Ordinal)))
        {
            _readySince[worker] = now;
        }

        var up = _workers.Where(w => !w.HasExited && _readySince.ContainsKey(w)).ToList();
        if (up.Count < 2)
        {
            return false;
        }

        for (var i = 0; i < _workers.Count; i++)
        {
            var slot = (_nextVictim + i) % _workers.Count;
            if (up.Contains(_workers[slot]) && now - _readySince[_workers[slot]] >= upFor)
            {
                Kill(_workers[slot], "worker");
                _nextVictim = slot + 1;
                return true;
            }
        }

        return false;
    }

    /// <summary>kill -9 of the worker with process id <paramref name="pid"/>, if it is up and another worker is up too.</summary>
    public bool KillWorker(int pid)
    {
        if (_workers.FirstOrDefault(w => w.Id == pid && !w.HasExited) is not { } victim || _workers.Count(w => !w.HasExited) < 2)
        {
            return false;
        }

        Kill(victim, "worker");
        return true;
    }

    public void KillScheduler() => Kill(_schedulers.First(s => !s.HasExited), "scheduler");

    /// <summary>Starts a new worker in each slot whose worker has exited, without waiting for it.</summary>
    public void ReplaceExitedWorkers()
    {
        for (var slot = 0; slot < _workers.Count; slot++)
        {
            if (_workers[slot].HasExited)
            {
                _workers[slot] = Start(WorkerArgs);
                WorkerRestarts++;
            }
        }
    }

    /// <summary>The end of every process's output, for a failure message.</summary>
    public string Diagnostics() => string.Join(Environment.NewLine + "----" + Environment.NewLine, _all.Select(p =>
    {
        var output = p.Output;
        return $"pid {p.Id}{(p.HasExited ? " (exited)" : "")}:{Environment.NewLine}{(output.Length > 3000 ? "..." + output[^3000..] : output)}";
    }));

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _all)
        {
            await process.DisposeAsync();
        }
    }

    private async Task<HostProcess> StartAsync(string[] args)
    {
        var process = Start(args);
        await process.WaitForOutputAsync("is running", StartLimit);
        return process;
    }

    private HostProcess Start(string[] args)
    {
        var process = HostProcess.Start(environment, args);
        _all.Add(process);
        return process;
    }

    private void Kill(HostProcess process, string role)
    {
        _kills.Add(new ProcessKill(process.Id, role, DateTimeOffset.UtcNow));
        process.KillHard();
    }
}
