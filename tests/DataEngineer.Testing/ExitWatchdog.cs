using System.Diagnostics;
using System.Globalization;

namespace DataEngineer.Testing;

/// <summary>
/// A detached shell (Linux) that outlives this process and, once it is gone however it ended, shuts a cluster down
/// and deletes its directory. ProcessExit alone leaks clusters: vstest kills the test host moments after it exits.
/// </summary>
internal static class ExitWatchdog
{
    // $1 our pid, $2 the data directory, $3 the directory to delete. SIGINT is PostgreSQL's fast shutdown.
    private const string Script = """
        exec </dev/null >/dev/null 2>&1
        while kill -0 "$1"; do sleep 1; done
        pid=$(head -n 1 "$2/postmaster.pid") && kill -INT "$pid"
        for _ in $(seq 100); do [ -e "$2/postmaster.pid" ] || break; sleep 0.1; done
        rm -rf "$3"
        """;

    public static void Watch(string dataDirectory, string directoryToDelete)
    {
        // setsid -f forks into a new session, so killing our process tree or group does not take the watchdog along.
        var startInfo = new ProcessStartInfo("setsid")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        string[] arguments =
        [
            "-f", "/bin/sh", "-c", Script, "dataengineer-pg-watchdog",
            Environment.ProcessId.ToString(CultureInfo.InvariantCulture), dataDirectory, directoryToDelete,
        ];
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var setsid = Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start setsid.");
        setsid.WaitForExit();
        if (setsid.ExitCode != 0)
        {
            throw new InvalidOperationException($"setsid could not start the cluster's exit watchdog: {setsid.StandardError.ReadToEnd()}");
        }
    }
}
