using DataEngineer.Host.Cli;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace DataEngineer.Host.Tests;

/// <summary>The exit code a script tells apart from a failed run: 70 for a fault of the program.</summary>
public sealed class ExitCodeTests
{
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

    private sealed class FailingWriter : StringWriter
    {
        public override void Write(char value) => throw new IOException("the pipe broke");

        public override void Write(string? value) => throw new IOException("the pipe broke");

        public override void Write(char[] buffer, int index, int count) => throw new IOException("the pipe broke");

        public override void WriteLine(string? value) => throw new IOException("the pipe broke");

        public override Task WriteLineAsync(string? value) => throw new IOException("the pipe broke");
    }
}
