using Xunit;

namespace DataEngineer.Host.Tests;

/// <summary>
/// Folder DAGs run by the built executable, as a user runs it: with the host's own culture support (tests keep
/// invariant globalization; the host does not) and with the DAG's own file and line in a task's stack trace.
/// </summary>
public sealed class FolderDagProcessTests(CliFixture fixture) : IClassFixture<CliFixture>, IDisposable
{
    private readonly string _dags = Directory.CreateTempSubdirectory("dataengineer-folder-dags-").FullName;

    private Task<CliResult> RunAsync(params string[] args) => fixture.RunExecutableAsync(_dags, args);

    [Fact]
    public async Task ATaskFormattingWithGermanCulture_Succeeds()
    {
        await File.WriteAllTextAsync(Path.Combine(_dags, "german.cs"), """
            using System.Globalization;
            using DataEngineer.Sdk;
            using Microsoft.Extensions.Logging;

            public sealed class German() : Dag("german")
            {
                protected override void Define(DagBuilder dag) => dag.Task("format", ctx =>
                {
                    var german = new CultureInfo("de-DE");
                    var text = 1234.5m.ToString("N2", german);
                    var parsed = decimal.Parse("9.876,25", NumberStyles.Number, german);
                    ctx.Logger.LogInformation("formatted {Text}, parsed {Parsed}", text, parsed.ToString(CultureInfo.InvariantCulture));
                    return text;
                });
            }
            """);

        var result = await RunAsync("dags", "test", "german");

        Assert.True(result.ExitCode == 0, result.Out + result.Error);
        Assert.Contains("formatted 1.234,50, parsed 9876.25", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATaskThatThrows_ShowsTheDagFileAndLine()
    {
        await File.WriteAllTextAsync(Path.Combine(_dags, "failing.cs"), """
            using DataEngineer.Sdk;

            public sealed class Failing() : Dag("failing")
            {
                protected override void Define(DagBuilder dag) => dag.Task("boom", ctx => Explode(ctx.RunId));

                private static void Explode(string runId) =>
                    throw new InvalidOperationException($"broken in {runId}");
            }
            """);

        var result = await RunAsync("dags", "test", "failing");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("InvalidOperationException: broken in", result.Out, StringComparison.Ordinal);
        Assert.Contains("at Failing.Explode(String runId) in failing.cs:line 8", result.Out, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dags, recursive: true);
}
