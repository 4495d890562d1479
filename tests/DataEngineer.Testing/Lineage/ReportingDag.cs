using DataEngineer.Sdk;

namespace DataEngineer.Testing.Lineage;

/// <summary>
/// Lineage DAG 3: reports from the warehouse tables; its audit task reads raw.orders and declares it with a different
/// owner than the writer does (a catalog conflict the writer wins).
/// </summary>
public sealed class ReportingDag() : Dag("reporting")
{
    protected override void Define(DagBuilder dag)
    {
        dag.Task("daily_revenue", _ => { }, new TaskOptions { Reads = [LineageDatasets.FactOrders], Writes = [LineageDatasets.DailyRevenue] });
        dag.Task("customer_value", _ => { }, new TaskOptions { Reads = [LineageDatasets.FactOrders, LineageDatasets.DimCustomers], Writes = [LineageDatasets.CustomerValue] });
        dag.Task("audit", _ => { }, new TaskOptions { Reads = [LineageDatasets.RawOrders with { Owner = "audit-team" }] });
    }
}
