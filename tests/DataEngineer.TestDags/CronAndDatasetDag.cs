using DataEngineer.Sdk;

namespace DataEngineer.TestDags;

/// <summary>Daily without catchup, and also whenever orders are updated.</summary>
public sealed class CronAndDatasetDag() : Dag("it_ds_cron_orders", new DagOptions
{
    Schedule = "@daily",
    StartDate = TestDagDates.DaysAgo(3),
    ScheduleOn = DatasetSchedule.All(DatasetsUnderTest.Orders),
})
{
    protected override void Define(DagBuilder dag) => dag.Task("consume", _ => { }, new TaskOptions { Reads = [DatasetsUnderTest.Orders] });
}
