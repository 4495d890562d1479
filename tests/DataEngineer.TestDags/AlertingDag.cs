using DataEngineer.Sdk;
using Microsoft.Extensions.Logging;

namespace DataEngineer.TestDags;

/// <summary>breaks always fails: its first try is retried after 1 s, the second fails for good; alerts on both go to the hook and down channels.</summary>
public sealed class AlertingDag() : Dag("it_alerting", new DagOptions
{
    Alerts = new AlertOptions { Recipients = ["hook", "down"], On = AlertEvents.Failure | AlertEvents.Retry },
})
{
    protected override void Define(DagBuilder dag) =>
        dag.Task("breaks", ctx =>
        {
            ctx.Logger.LogInformation("about to break on try {Try}", ctx.TryNumber);
            throw new InvalidOperationException("the source file is missing");
        }, new TaskOptions { Retries = 1, RetryDelay = TimeSpan.FromSeconds(1) });
}
