using DataEngineer.Testing;
using Xunit;

namespace DataEngineer.Host.Tests;

/// <summary>
/// <c>dataengineer mcp</c> before the protocol starts: stdout is the protocol's, so a bad setting or argument is a clear
/// message on stderr with exit 2, and stdout stays empty.
/// </summary>
public sealed class McpCommandTests
{
    [Fact]
    public async Task MetadataServer_NotListening_SaysWhereOnStderr_AndWritesNothingOnStdout()
    {
        var port = FreeTcpPort.Next();

        var result = await CliHarness.RunAsync(
            new Dictionary<string, string?> { ["ConnectionStrings:Metadata"] = $"Host=127.0.0.1;Port={port};Database=meta;Username=de;Password=s3cret-pw;Timeout=5" },
            "mcp");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"Cannot use the metadata database 127.0.0.1:{port}/meta (ConnectionStrings:Metadata): ", result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Out);
        Assert.DoesNotContain("s3cret-pw", result.Error, StringComparison.Ordinal);
        Assert.False(result.HasStackTrace, result.Error);
    }

    [Fact]
    public async Task UnknownOption_ExitsTwoNamingIt()
    {
        var result = await CliHarness.RunAsync(new Dictionary<string, string?>(), "mcp", "--transport", "carrier-pigeon");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--transport", result.Error, StringComparison.Ordinal);
        Assert.False(result.HasStackTrace, result.Error);
    }
}
