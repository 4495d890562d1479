using System.Collections.Concurrent;
using DataEngineer.Postgres.Local;
using DataEngineer.Sdk;
using DataEngineer.Testing;

namespace DataEngineer.Postgres.Tests;

/// <summary>For tests that need a cluster of their own: a scratch data directory and the log lines of its starts.</summary>
internal sealed class ScratchCluster : IDisposable
{
    private readonly PostgresScratchDirectory _scratch = new();

    public string DataDirectory => _scratch.DataDirectory;

    public ConcurrentQueue<string> LogLines { get; } = new();

    public LineLogger Logger => new((_, line) => LogLines.Enqueue(line));

    public Task<LocalPostgres> StartAsync(bool fastUnsafe = true) =>
        LocalPostgres.StartAsync(new LocalPostgresOptions { DataDirectory = DataDirectory, FastUnsafe = fastUnsafe }, Logger);

    public void Dispose() => _scratch.Dispose();
}
