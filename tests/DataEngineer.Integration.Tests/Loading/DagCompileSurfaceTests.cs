using DataEngineer.Core.Loading;
using DataEngineer.Execution.Loading;
using DataEngineer.Sdk;
using DataEngineer.Sdk.Testing;
using Xunit;

namespace DataEngineer.Integration.Tests.Loading;

/// <summary>
/// Folder DAGs compile against what a DAG project has in an editor (the .NET reference assemblies, the Sdk packages,
/// Npgsql), never the host's private dependencies; and with debug information, so a task's error shows its own line.
/// </summary>
public sealed class DagCompileSurfaceTests : IDisposable
{
    private readonly DagFiles _files = new();

    private DagFolderRegistry Registry() =>
        new(new DagFolderOptions { Folder = _files.Folder }, DagCatalog.Empty, TimeProvider.System);

    [Theory]
    [InlineData("Hangfire.BackgroundJob.Enqueue(() => Console.WriteLine(\"queued\"));", "Hangfire")]
    [InlineData("Console.WriteLine(Newtonsoft.Json.JsonConvert.SerializeObject(1));", "Newtonsoft")]
    [InlineData("Console.WriteLine(typeof(Quartz.JobKey));", "Quartz")]
    public void ADagUsingAHostPrivateType_IsAnImportErrorNamingTheTypeAndTheAllowList(string statement, string name)
    {
        _files.Write("good.cs", DagFiles.Dag("Good", "good", ["a"]));
        _files.Write("private.cs", $$"""
            using DataEngineer.Sdk;

            public sealed class UsesPrivate() : Dag("uses_private")
            {
                protected override void Define(DagBuilder dag) => dag.Task("a", ctx =>
                {
                    {{statement}}
                });
            }
            """);
        var registry = Registry();
        registry.Reload();

        var error = Assert.Single(registry.Errors);
        Assert.Equal("private.cs", error.Source);
        Assert.Equal(7, error.Line);
        Assert.Contains($"'{name}' is in {name}", error.Message, StringComparison.Ordinal);
        Assert.Contains("the host's own dependencies, which DAG code cannot use; a folder DAG compiles against the .NET runtime and DataEngineer.Sdk, ", error.Message, StringComparison.Ordinal);
        Assert.Contains("DataEngineer.Sdk.Postgres", error.Message, StringComparison.Ordinal);
        Assert.Contains("Npgsql", error.Message, StringComparison.Ordinal);
        Assert.NotNull(registry.Find("good"));
    }

    [Fact]
    public void AMisspelledName_IsTheCompilersErrorAlone()
    {
        _files.Write("typo.cs", """
            using DataEngineer.Sdk;

            public sealed class Typo() : Dag("typo")
            {
                protected override void Define(DagBuilder dag) => dag.Task("a", ctx => Consol.WriteLine("x"));
            }
            """);
        var registry = Registry();
        registry.Reload();

        var error = Assert.Single(registry.Errors);
        Assert.Equal("CS0103: The name 'Consol' does not exist in the current context", error.Message);
    }

    [Fact]
    public void ADagUsingNpgsqlAndTheSdkPostgresHelpers_Compiles()
    {
        _files.Write("allowed.cs", """
            using DataEngineer.Sdk;
            using DataEngineer.Sdk.Postgres;
            using Npgsql;

            public sealed class Allowed() : Dag("allowed")
            {
                protected override void Define(DagBuilder dag) => dag.Task("a", ctx =>
                {
                    var builder = new NpgsqlConnectionStringBuilder { Host = "db" };
                    return $"{builder.Host} {SqlIdentifier.Column("order_id", "a test")}";
                });
            }
            """);
        var registry = Registry();
        registry.Reload();

        Assert.Empty(registry.Errors);
        Assert.NotNull(registry.Find("allowed"));
    }

    [Fact]
    public async Task ATaskThatThrows_ShowsItsOwnFileAndLineInTheStackTrace()
    {
        _files.Write("failing.cs", """
            using DataEngineer.Sdk;

            public sealed class Failing() : Dag("failing")
            {
                protected override void Define(DagBuilder dag) => dag.Task("boom", ctx => Explode(ctx.RunId));

                private static void Explode(string runId) =>
                    throw new InvalidOperationException($"broken in {runId}");
            }
            """);
        var registry = Registry();
        registry.Reload();
        var dag = (Dag)Activator.CreateInstance(registry.Find("failing")!.Definition.DagType)!;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new TaskTestEnvironment().RunAsync(dag, "boom"));

        Assert.Contains("at Failing.Explode(String runId) in failing.cs:line 8", error.StackTrace, StringComparison.Ordinal);
    }

    public void Dispose() => _files.Dispose();
}
