using System.Diagnostics;
using System.Net;

namespace DataEngineer.Integration.Tests.Reliability;

/// <summary>
/// A network namespace joined to this host by a veth pair on a private /30 of its own: the host end holds
/// <see cref="HostAddress"/>, the namespace end <see cref="NamespaceAddress"/>. Processes started through
/// <see cref="Launcher"/> live in it and reach the host only over the pair; <see cref="CutAsync"/> takes the host end
/// down (their connections hang, as behind a partition) and <see cref="RestoreAsync"/> brings it back. Names are
/// unique per test run; the pair and the namespace are removed on dispose, whatever happened.
/// </summary>
public sealed class NetworkNamespace : IAsyncDisposable
{
    private static int _created;

    private readonly string _name;
    private readonly string _hostEnd;

    private NetworkNamespace(string name, string hostEnd, IPNetwork network)
    {
        _name = name;
        _hostEnd = hostEnd;
        Network = network;
    }

    /// <summary>The pair's /30.</summary>
    public IPNetwork Network { get; }

    public IPAddress HostAddress => Offset(1);

    public IPAddress NamespaceAddress => Offset(2);

    /// <summary>The command prefix that runs a program inside the namespace.</summary>
    public IReadOnlyList<string> Launcher => ["ip", "netns", "exec", _name];

    /// <summary>Why namespaces cannot be made here (the tests need root and iproute2's <c>ip</c>), or null when they can.</summary>
    public static string? Unavailable()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "network namespaces are a Linux feature";
        }

        if (!Environment.IsPrivilegedProcess)
        {
            return $"creating a network namespace needs root; this test runs as {Environment.UserName} (CI runs as root)";
        }

        return File.Exists("/usr/sbin/ip") || File.Exists("/sbin/ip") || File.Exists("/usr/bin/ip") || File.Exists("/bin/ip")
            ? null
            : "the 'ip' command of iproute2 is not installed (apt-get install iproute2)";
    }

    /// <summary>Creates the namespace and the pair, with both ends up and addressed.</summary>
    public static async Task<NetworkNamespace> CreateAsync()
    {
        // Interface names are at most 15 characters: "dh" + pid (7 digits at most) + "n" + a counter.
        var suffix = $"{Environment.ProcessId}n{Interlocked.Increment(ref _created)}";
        var network = await FreeNetworkAsync();
        var created = new NetworkNamespace("dens" + suffix, "dh" + suffix, network);
        var namespaceEnd = "dn" + suffix;
        try
        {
            await IpAsync("netns", "add", created._name);
            await IpAsync("link", "add", created._hostEnd, "type", "veth", "peer", "name", namespaceEnd);
            await IpAsync("link", "set", namespaceEnd, "netns", created._name);
            await IpAsync("addr", "add", $"{created.HostAddress}/30", "dev", created._hostEnd);
            await IpAsync("link", "set", created._hostEnd, "up");
            await IpAsync("-n", created._name, "addr", "add", $"{created.NamespaceAddress}/30", "dev", namespaceEnd);
            await IpAsync("-n", created._name, "link", "set", namespaceEnd, "up");
            await IpAsync("-n", created._name, "link", "set", "lo", "up");
            return created;
        }
        catch
        {
            await created.DisposeAsync();
            throw;
        }
    }

    /// <summary>Takes the host end of the pair down: nothing crosses it until <see cref="RestoreAsync"/>.</summary>
    public Task CutAsync() => IpAsync("link", "set", _hostEnd, "down");

    public Task RestoreAsync() => IpAsync("link", "set", _hostEnd, "up");

    public async ValueTask DisposeAsync()
    {
        // Deleting one end deletes the pair; each step runs even when the one before failed.
        await TryIpAsync("link", "del", _hostEnd);
        await TryIpAsync("netns", "del", _name);
    }

    private IPAddress Offset(int offset)
    {
        var bytes = Network.BaseAddress.GetAddressBytes();
        bytes[3] += (byte)offset;
        return new IPAddress(bytes);
    }

    // A random /30 in 10.200.0.0-10.254.255.255 that no interface of this host uses yet.
    private static async Task<IPNetwork> FreeNetworkAsync()
    {
        var used = await IpAsync("-o", "-4", "addr", "show");
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var network = new IPNetwork(new IPAddress(new byte[] { 10, (byte)Random.Shared.Next(200, 255), (byte)Random.Shared.Next(256), (byte)(Random.Shared.Next(64) * 4) }), 30);
            var prefix = string.Join('.', network.BaseAddress.GetAddressBytes()[..3]) + ".";
            if (!used.Contains(prefix, StringComparison.Ordinal))
            {
                return network;
            }
        }

        throw new InvalidOperationException("No free private /30 for a test network namespace was found in 10.200.0.0/8-10.254.255.255.");
    }

    private static async Task TryIpAsync(params string[] args)
    {
        try
        {
            await IpAsync(args);
        }
        catch (InvalidOperationException)
        {
            // Already gone, or never made: nothing left to clean.
        }
    }

    private static async Task<string> IpAsync(params string[] args)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(limit.Token);
        return process.ExitCode == 0
            ? await output
            : throw new InvalidOperationException($"'ip {string.Join(' ', args)}' failed with exit code {process.ExitCode}: {(await error).Trim()}");
    }
}
