using System.Diagnostics;
using DataEngineer.Host.Cli;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace DataEngineer.Host.Tests;

/// <summary>The exit codes a script tells apart: 70 for a fault of the program, 130 for Ctrl+C, never 1 for either.</summary>
public sealed class ExitCodeTests(CliFixture fixture) : IClassFixture<CliFixture>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dataengineer-exit-codes-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task UnexpectedFault_ExitsSeventy_WithOneLineAndNoStackTrace()
    {
        // A fault no verb anticipates: the output stream itself fails while `schedule next` prints.
        using var error = new StringWriter();
        using var output = new FailingWriter();
        var env = new CliEnvironment(new ConfigurationBuilder().Build(), output, error, [], Interactive: false);

        var code = await CliApp.RunAsync(["schedule", "next", "0 3 * * *"], env);

        Assert.Equal(ExitCodes.InternalError, code);
        Assert.StartsWith("error: unexpected IOException: the pipe broke", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("an internal error", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CtrlC_DuringARun_ExitsOneHundredThirty()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "waits.cs"), """
            using DataEngineer.Sdk;

            public sealed class Waits() : Dag("waits", new DagOptions())
            {
                protected override void Define(DagBuilder dag) =>
                    dag.Task("wait_forever", async ctx => await Task.Delay(Timeout.Infinite, ctx.CancellationToken));
            }
            """);
        // The test host may run with SIGINT ignored, which a child inherits (and .NET then keeps ignoring): env resets it
        // to the default, as a terminal's foreground process has it, before it becomes the host.
        var start = new ProcessStartInfo("env") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--default-signal=INT", "dotnet", Path.Combine(AppContext.BaseDirectory, "dataengineer.dll"), "dags", "test", "waits", "--dags-folder", _folder })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ConnectionStrings__Warehouse"] = fixture.WarehouseConnectionString;
        start.Environment["DataEngineer__DagCacheFolder"] = Path.Combine(_folder, ".cache");
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        // Reading a pipe does not observe the token: past the bound the process is killed, which ends the reads.
        using var bound = limit.Token.Register(() => process.Kill(entireProcessTree: true));
        string? line;
        while ((line = await process.StandardOutput.ReadLineAsync(limit.Token)) is not null && !(line.Contains("wait_forever", StringComparison.Ordinal) && line.Contains("running", StringComparison.Ordinal)))
        {
        }

        Assert.True(line is not null, $"the task never started: {await error}");
        using (var interrupt = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await interrupt.WaitForExitAsync(limit.Token);
        }

        var rest = process.StandardOutput.ReadToEndAsync(limit.Token);
        await process.WaitForExitAsync(limit.Token);
        Assert.True(process.ExitCode == ExitCodes.Interrupted, $"exit {process.ExitCode}\n{await rest}\n{await error}");
    }

    private sealed class FailingWriter : StringWriter
    {
        public override void Write(char value) => throw new IOException("the pipe broke");

        public override void Write(string? value) => throw new IOException("the pipe broke");

        public override void Write(char[] buffer, int index, int count) => throw new IOException("the pipe broke");

        public override void WriteLine(string? value) => throw new IOException("the pipe broke");

        public override Task WriteLineAsync(string? value) => throw new IOException("the pipe broke");
    }
}
