using System.Diagnostics;
using System.Text;

namespace DataEngineer.Integration.Tests;

/// <summary>A real <c>dataengineer</c> process (scheduler, worker, ...) started by a test, its output kept for diagnosis.</summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private HostProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the process printed so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static HostProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args) => Start([], environment, args);

    /// <summary>
    /// As <see cref="Start(IReadOnlyDictionary{string, string}, string[])"/>, run through <paramref name="launcher"/>, a command
    /// that execs the rest of its arguments in place (<c>ip netns exec &lt;ns&gt;</c>), so the process id stays the host's.
    /// </summary>
    public static HostProcess Start(IReadOnlyList<string> launcher, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo(launcher.Count > 0 ? launcher[0] : "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var part in launcher.Skip(1).Concat(launcher.Count > 0 ? ["dotnet"] : []))
        {
            start.ArgumentList.Add(part);
        }

        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "dataengineer.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var host = new HostProcess(Process.Start(start)!);
        host.ReadLines(host._process.StandardOutput, "stdout");
        host.ReadLines(host._process.StandardError, "stderr");
        return host;
    }

    // Each stream is read on a thread of its own, not on the thread pool: a test host whose pool is busy (in-process
    // engines run beside these tests) must neither stop reading a process's output, which would block the process once
    // its pipe is full, nor leave lines it printed out of a failure's output.
    private void ReadLines(StreamReader stream, string name)
    {
        var reader = new Thread(() =>
        {
            try
            {
                while (stream.ReadLine() is { } line)
                {
                    Append(line);
                }
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                // The process was disposed while its output was still open: nothing more to read.
            }
        }) { IsBackground = true, Name = $"{name} of process {_process.Id}" };
        reader.Start();
    }

    /// <summary>Waits until the process prints <paramref name="text"/> (bounded), failing with its output if it exits first.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                var state = _process.HasExited ? $"exited with code {_process.ExitCode}" : $"still running after {limit.TotalSeconds:0} s";
                throw new InvalidOperationException($"The process never printed '{text}' ({state}). Its output:{Environment.NewLine}{Output}{Stacks()}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>SIGTERM (what Ctrl+C or a service manager sends) and wait for a graceful exit; returns the exit code.</summary>
    public async Task<int> StopAsync(TimeSpan limit)
    {
        Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])?.WaitForExit();
        return await WaitForExitAsync(limit);
    }

    /// <summary>Waits (bounded) for the process to exit by itself; returns the exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan limit)
    {
        using var cancel = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The process did not exit within {limit}. Its output:{Environment.NewLine}{Output}{Stacks()}");
        }

        return _process.ExitCode;
    }

    /// <summary>kill -9: no shutdown, no cleanup, no last heartbeat.</summary>
    public void KillHard() => _process.Kill(entireProcessTree: true);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM first: a graceful stop records running tries; then make sure.
            Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])?.WaitForExit();
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await _process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
    }

    // The managed stacks of a process that hangs, when dotnet-stack (a .NET global tool) is installed; nothing otherwise.
    private string Stacks()
    {
        var tool = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools", "dotnet-stack");
        if (_process.HasExited || !File.Exists(tool))
        {
            return string.Empty;
        }

        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "report", "-p", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        using var report = Process.Start(start)!;
        var stdout = report.StandardOutput.ReadToEndAsync();
        var stderr = report.StandardError.ReadToEndAsync();
        if (!report.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            report.Kill();
            return $"{Environment.NewLine}(dotnet-stack did not answer within 60 s)";
        }

        return $"{Environment.NewLine}Its managed stacks (dotnet-stack):{Environment.NewLine}{stdout.Result}{stderr.Result}";
    }

    private void Append(string line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
