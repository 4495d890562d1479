using System.ComponentModel;
using System.Diagnostics;

namespace DataEngineer.Postgres.Local;

/// <summary>
/// The OS user the server runs as: ourselves, or `postgres` when we are root, because PostgreSQL refuses to run as root.
/// </summary>
internal static class ServerUser
{
    public const string RootServerUser = "postgres";

    public static bool IsRoot { get; } = !OperatingSystem.IsWindows() && Environment.IsPrivilegedProcess;

    /// <summary>
    /// Runs a program to completion. Not cancellable on purpose: a killed initdb leaves a half-made cluster and a killed
    /// pg_ctl a server nobody owns; each program we run is short or bounded by its own timeout.
    /// </summary>
    public static async Task<CommandResult> RunAsync(string program, IEnumerable<string> arguments)
    {
        var startInfo = IsRoot
            // The working directory is ours otherwise, and the server user may be unable to enter it (e.g. /root).
            ? new ProcessStartInfo("runuser") { ArgumentList = { "-u", RootServerUser, "--", program }, WorkingDirectory = "/" }
            : new ProcessStartInfo(program);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        return await RunAsync(startInfo);
    }

    /// <summary>Hands paths we created as root to the server user; a no-op otherwise.</summary>
    public static async Task TakeOwnershipAsync(IEnumerable<string> paths)
    {
        if (!IsRoot)
        {
            return;
        }

        var startInfo = new ProcessStartInfo("chown") { ArgumentList = { RootServerUser + ":" } };
        foreach (var path in paths)
        {
            startInfo.ArgumentList.Add(path);
        }

        var result = await RunAsync(startInfo);
        if (!result.Succeeded)
        {
            throw new LocalPostgresException($"Could not give {string.Join(", ", paths)} to the '{RootServerUser}' OS user: {result.Output}");
        }
    }

    private static async Task<CommandResult> RunAsync(ProcessStartInfo startInfo)
    {
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        Process process;
        try
        {
            process = Process.Start(startInfo) ?? throw new LocalPostgresException($"Could not run {startInfo.FileName}.");
        }
        catch (Win32Exception e)
        {
            throw new LocalPostgresException($"Could not run {startInfo.FileName}: {e.Message}", e);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            var output = string.Join(Environment.NewLine, (await stdout).Trim(), (await stderr).Trim()).Trim();
            return new CommandResult(process.ExitCode, output);
        }
    }
}
