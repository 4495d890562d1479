using System.Diagnostics;
using System.Net;
using DataEngineer.Postgres.Local;
using Npgsql;

namespace DataEngineer.Postgres.Tests;

public sealed class LocalPostgresStartTests : IDisposable
{
    private readonly ScratchCluster _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task StartAsync_EmptyDirectory_InitializesLoopbackClusterThatAcceptsConnections()
    {
        await using var server = await _scratch.StartAsync();

        Assert.True(server.OwnsServer);
        Assert.True(File.Exists(Path.Combine(server.DataDirectory, "PG_VERSION")));
        Assert.StartsWith(BinariesVersion() + " ", await Sql.ScalarAsync(server.ConnectionString(), "SHOW server_version") + " ");
        Assert.Equal("127.0.0.1", await Sql.ScalarAsync(server.ConnectionString(), "SHOW listen_addresses"));
        Assert.Equal("200", await Sql.ScalarAsync(server.ConnectionString(), "SHOW max_connections"));
        Assert.Equal("off", await Sql.ScalarAsync(server.ConnectionString(), "SHOW fsync"));
        Assert.Equal("UTF8", await Sql.ScalarAsync(server.ConnectionString(), "SHOW server_encoding"));
        Assert.Equal(Path.GetDirectoryName(server.DataDirectory), Path.GetDirectoryName(server.PasswordFile));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(server.PasswordFile));
        }

        var password = (await File.ReadAllTextAsync(server.PasswordFile)).Trim();
        Assert.True(password.Length >= 32);
        Assert.NotEmpty(_scratch.LogLines);
        Assert.DoesNotContain(_scratch.LogLines, line => line.Contains(password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartAsync_RemoteClients_ListensOnTheirAddressToo_AddsTheirHbaLineOnce()
    {
        // 127.0.0.2 is another address of this host (Linux routes 127/8 to loopback). The network's pg_hba.conf line is
        // added once, however often the cluster starts (the partition test connects through it from a network namespace).
        var options = new LocalPostgresOptions
        {
            DataDirectory = _scratch.DataDirectory,
            FastUnsafe = true,
            RemoteClients = new RemoteClients(IPAddress.Parse("127.0.0.2"), IPNetwork.Parse("127.0.0.0/30")),
        };
        await using (var server = await LocalPostgres.StartAsync(options, _scratch.Logger))
        {
            Assert.Equal("127.0.0.1,127.0.0.2", await Sql.ScalarAsync(server.ConnectionString(), "SHOW listen_addresses"));
            var remote = new NpgsqlConnectionStringBuilder(server.ConnectionString()) { Host = "127.0.0.2" }.ConnectionString;
            Assert.Equal("127.0.0.2", (await Sql.ScalarAsync(remote, "SELECT host(inet_server_addr())"))?.ToString());
        }

        await using (var again = await LocalPostgres.StartAsync(options, _scratch.Logger))
        {
            var hba = await File.ReadAllLinesAsync(Path.Combine(again.DataDirectory, "pg_hba.conf"));
            Assert.Single(hba, line => line == "host all all 127.0.0.0/30 scram-sha-256");
        }
    }

    [Fact]
    public async Task StartAsync_ExistingCluster_ReusesClusterAndPasswordFile()
    {
        string password;
        await using (var first = await _scratch.StartAsync())
        {
            password = await File.ReadAllTextAsync(first.PasswordFile);
            await first.EnsureDatabaseAsync("kept_across_restarts");
        }

        _scratch.LogLines.Clear();
        await using var second = await _scratch.StartAsync(fastUnsafe: false);

        Assert.True(second.OwnsServer);
        Assert.Equal(password, await File.ReadAllTextAsync(second.PasswordFile));
        Assert.Equal(1L, await Sql.ScalarAsync(second.ConnectionString(), "SELECT count(*) FROM pg_database WHERE datname = 'kept_across_restarts'"));
        Assert.DoesNotContain(_scratch.LogLines, line => line.StartsWith("Initializing", StringComparison.Ordinal));
        Assert.Equal("on", await Sql.ScalarAsync(second.ConnectionString(), "SHOW fsync"));
    }

    [Fact]
    public async Task StartAsync_NoServerBinaries_ThrowsPostgresUnavailable()
    {
        var error = await Assert.ThrowsAsync<PostgresUnavailableException>(() => LocalPostgres.StartAsync(
            new LocalPostgresOptions { DataDirectory = _scratch.DataDirectory, BinDirectory = "/nonexistent/bin" }));

        Assert.Equal("/nonexistent/bin", error.ConfiguredBinDirectory);
        Assert.False(Directory.Exists(_scratch.DataDirectory));
    }

    [Fact]
    public async Task StartAsync_AsRootWithDataDirectoryUnreachableForPostgresUser_ThrowsNamingTheClosedDirectory()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            return; // Only root hands the server to another OS user.
        }

        var closed = Directory.CreateTempSubdirectory("dataengineer-closed-");
        try
        {
            var error = await Assert.ThrowsAsync<LocalPostgresException>(() => LocalPostgres.StartAsync(
                new LocalPostgresOptions { DataDirectory = Path.Combine(closed.FullName, "data"), FastUnsafe = true }));

            Assert.Contains($"because {closed.FullName} is not searchable", error.Message, StringComparison.Ordinal);
            Assert.Contains("'postgres' OS user", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            closed.Delete(recursive: true);
        }
    }

    // "postgres (PostgreSQL) 15.18 (Debian ...)" -> "15.18"
    private static string BinariesVersion()
    {
        var postgres = Path.Combine(PostgresBinaries.Find(null)!, "postgres");
        using var process = Process.Start(new ProcessStartInfo(postgres, "--version") { RedirectStandardOutput = true })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output.Split("(PostgreSQL) ")[1].Split(' ', '\n')[0];
    }
}
