using DataEngineer.Sdk;

namespace DataEngineer.Host.Tests.Secrets;

/// <summary>
/// For the variables of <c>dags test</c> and <c>tasks test</c>: <c>read</c> returns <c>batch_size</c> (read as an int) and
/// <c>vendor_token</c> reversed (so the output shows the task got the secret intact, which masking would otherwise hide).
/// </summary>
public sealed class VariableReadingDag() : Dag(DagId)
{
    public const string DagId = "cli_variables";

    protected override void Define(DagBuilder dag) =>
        dag.Task("read", async ctx =>
        {
            var batchSize = await ctx.GetVariableAsync<int>("batch_size");
            var token = await ctx.GetVariableAsync("vendor_token");
            return $"{batchSize}|{new string([.. token.Reverse()])}";
        });
}
