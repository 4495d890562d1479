using DataEngineer.Sdk;

namespace DataEngineer.TestDags;

/// <summary>Manual only: its one task updates <see cref="DatasetsUnderTest.Customers"/>.</summary>
public sealed class CustomersProducerDag() : Dag("it_ds_customers", new DagOptions())
{
    protected override void Define(DagBuilder dag) => dag.Task("publish_customers", _ => { }, new TaskOptions { Writes = [DatasetsUnderTest.Customers] });
}
