using DataEngineer.Sdk;

namespace DataEngineer.TestDags;

/// <summary>Runs once both orders and customers have been updated since its last dataset-triggered run.</summary>
public sealed class AllDatasetsConsumerDag() : Dag("it_ds_all", new DagOptions
{
    ScheduleOn = DatasetSchedule.All(DatasetsUnderTest.Orders, DatasetsUnderTest.Customers),
})
{
    protected override void Define(DagBuilder dag) => dag.Task("consume", _ => { }, new TaskOptions { Reads = [DatasetsUnderTest.Orders, DatasetsUnderTest.Customers] });
}
