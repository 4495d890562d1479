namespace DataEngineer.Ui.Tests;

/// <summary>
/// A DAG the test host loads from its DAGs folder (compiled from source), so the code view has source to
/// show. Its second task runs for as long as a hold file exists, so a test can see a try running.
/// </summary>
internal static class FolderDag
{
    public const string DagId = "ui_code";

    public const string FileName = "ui_code_dag.cs";

    public static string Source(string holdFile) => $$""""
        using DataEngineer.Sdk;
        using Microsoft.Extensions.Logging;

        namespace UiTests.Folder;

        // Loaded from the DAGs folder: the code view shows this file.
        public sealed class UiCodeDag() : Dag("ui_code", new DagOptions
        {
            Description = "A DAG compiled from the DAGs folder",
            Owner = "ui-tests",
            StartDate = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc),
        })
        {
            protected override void Define(DagBuilder dag)
            {
                var greeting = "hello from the folder";
                var hello = dag.Task("say_hello", ctx => ctx.Logger.LogInformation("{Greeting}, 42 times", greeting));
                /* Runs while the test holds it. */
                dag.Task("linger", async ctx =>
                {
                    while (File.Exists(@"{{holdFile}}"))
                    {
                        await Task.Delay(100, ctx.CancellationToken);
                    }
                }).After(hello);
            }
        }
        """";
}
