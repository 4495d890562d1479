using DataEngineer.Sdk;

namespace DataEngineer.TestDags;

/// <summary>Manual only: its one task updates <see cref="DatasetsUnderTest.Orders"/>, or fails when the conf says so.</summary>
public sealed class OrdersProducerDag() : Dag<DatasetProducerParams>("it_ds_orders", new DagOptions())
{
    protected override void Define(DagBuilder dag) => dag.Task("publish_orders", ctx =>
    {
        if (ctx.Params<DatasetProducerParams>().Fail)
        {
            throw new InvalidOperationException("asked to fail");
        }
    }, new TaskOptions { Writes = [DatasetsUnderTest.Orders] });
}
