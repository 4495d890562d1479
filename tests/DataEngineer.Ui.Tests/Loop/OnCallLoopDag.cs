namespace DataEngineer.Ui.Tests.Loop;

/// <summary>
/// The DAG of the on-call loop, compiled from the test host's DAGs folder. <c>load</c> fails its first try at once (a
/// retry alert) unless the fix file exists; any other try logs a numbered line with its write time every 300 ms until the
/// release file exists, then fails (a failure alert) or, once the fix file exists, succeeds. One run at a time.
/// </summary>
internal static class OnCallLoopDag
{
    public const string DagId = "oncall_loop";

    public const string FileName = "oncall_loop_dag.cs";

    /// <summary>The alert channel the DAG names (a webhook the test receives).</summary>
    public const string Channel = "oncall-hook";

    public static string Source(string releaseFile, string fixFile) => $$""""
        using DataEngineer.Sdk;
        using Microsoft.Extensions.Logging;

        namespace UiTests.Loop;

        public sealed class OnCallLoopDag() : Dag("{{DagId}}", new DagOptions
        {
            Description = "Fails until the on-call engineer fixes it",
            Owner = "oncall",
            MaxActiveRuns = 1,
            DefaultTaskOptions = new TaskOptions { Retries = 1, RetryDelay = TimeSpan.FromSeconds(1) },
            Alerts = new AlertOptions { Recipients = ["{{Channel}}"], On = AlertEvents.Failure | AlertEvents.Retry },
        })
        {
            protected override void Define(DagBuilder dag) =>
                dag.Task("load", async ctx =>
                {
                    ctx.Logger.LogInformation("try {Try} of load starts", ctx.TryNumber);
                    var fixedNow = File.Exists(@"{{fixFile}}");
                    if (ctx.TryNumber == 1 && !fixedNow)
                    {
                        throw new InvalidOperationException("the source table is locked");
                    }

                    var line = 0;
                    while (!File.Exists(@"{{releaseFile}}"))
                    {
                        line++;
                        ctx.Logger.LogInformation("waiting for the source: line {Line} written at {WrittenAtMs} ms", line, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                        await Task.Delay(300, ctx.CancellationToken);
                    }

                    if (!File.Exists(@"{{fixFile}}"))
                    {
                        throw new InvalidOperationException("the source table is still locked");
                    }

                    ctx.Logger.LogInformation("the source is fixed: loaded");
                });
        }
        """";
}
