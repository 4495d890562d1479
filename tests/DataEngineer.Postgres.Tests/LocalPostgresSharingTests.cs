using DataEngineer.Postgres.Local;

namespace DataEngineer.Postgres.Tests;

/// <summary>
/// A managed cluster shared by several users (a standalone and a `dags test`, two processes on one data directory): the
/// one that started it stops it only when no one else is attached; an attached one never stops it.
/// </summary>
public sealed class LocalPostgresSharingTests : IDisposable
{
    private readonly ScratchCluster _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task DisposeAsync_OwnerWhileAnotherIsAttached_LeavesTheServerRunningForIt()
    {
        var owner = await _scratch.StartAsync();
        var attached = await _scratch.StartAsync();
        try
        {
            Assert.True(owner.OwnsServer);
            Assert.False(attached.OwnsServer);

            await owner.DisposeAsync();

            Assert.True(File.Exists(Path.Combine(_scratch.DataDirectory, "postmaster.pid")));
            Assert.Equal(1, await Sql.ScalarAsync(attached.ConnectionString(), "SELECT 1"));
            Assert.Contains(_scratch.LogLines, l => l.Contains("is left running: another process is attached to it", StringComparison.Ordinal));
        }
        finally
        {
            await attached.DisposeAsync();
            await StopAsync();
        }
    }

    [Fact]
    public async Task DisposeAsync_OwnerAfterTheAttachedOneLeft_StopsTheServer_AndTheNextStartOwnsANewOne()
    {
        var owner = await _scratch.StartAsync();
        var attached = await _scratch.StartAsync();

        await attached.DisposeAsync();
        Assert.Equal(1, await Sql.ScalarAsync(owner.ConnectionString(), "SELECT 1"));
        await owner.DisposeAsync();

        Assert.False(File.Exists(Path.Combine(_scratch.DataDirectory, "postmaster.pid")));
        await using var next = await _scratch.StartAsync();
        Assert.True(next.OwnsServer);
    }

    // The server an attached instance left running: stopped as a person would.
    private async Task StopAsync()
    {
        var bin = PostgresBinaries.Find(null)!;
        await ServerUser.RunAsync(PostgresBinaries.ProgramPath(bin, "pg_ctl"), ["stop", "-D", _scratch.DataDirectory, "-m", "fast", "-w", "-s"]);
    }
}
