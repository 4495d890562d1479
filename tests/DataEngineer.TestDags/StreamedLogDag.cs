using DataEngineer.Sdk;
using Microsoft.Extensions.Logging;

namespace DataEngineer.TestDags;

/// <summary>
/// Manual only, no retries. <c>talk</c> logs numbered lines and a warning, then waits until the run conf's release file
/// exists (so a test can read its log while the try runs, or kill its worker), then logs a last line and ends.
/// </summary>
public sealed class StreamedLogDag() : Dag<StreamedLogParams>("it_streamed_log", new DagOptions
{
    Tags = ["test"],
    Description = "Logs while it waits for a release file",
    DefaultTaskOptions = new TaskOptions { Retries = 0 },
})
{
    protected override void Define(DagBuilder dag)
    {
        dag.Task("talk", async ctx =>
        {
            var conf = ctx.Params<StreamedLogParams>();
            for (var i = 1; i <= conf.Lines; i++)
            {
                ctx.Logger.LogInformation("streamed line {Number} of {Lines}", i, conf.Lines);
            }

            ctx.Logger.LogWarning("a warning while running");
            if (conf.ReleaseFile.Length > 0)
            {
                ctx.Logger.LogInformation("waiting for the release file");
                while (!File.Exists(conf.ReleaseFile))
                {
                    await Task.Delay(50, ctx.CancellationToken);
                }
            }

            ctx.Logger.LogInformation("released; the last line");
        });
    }
}
