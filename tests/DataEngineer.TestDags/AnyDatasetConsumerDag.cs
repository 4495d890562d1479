using DataEngineer.Sdk;

namespace DataEngineer.TestDags;

/// <summary>Runs when orders or customers are updated.</summary>
public sealed class AnyDatasetConsumerDag() : Dag("it_ds_any", new DagOptions
{
    ScheduleOn = DatasetSchedule.Any(DatasetsUnderTest.Orders, DatasetsUnderTest.Customers),
})
{
    protected override void Define(DagBuilder dag) => dag.Task("consume", _ => { }, new TaskOptions { Reads = [DatasetsUnderTest.Orders, DatasetsUnderTest.Customers] });
}
