using DataEngineer.Sdk;

namespace DataEngineer.Testing.Lineage;

/// <summary>Lineage DAG 2: builds the warehouse tables from raw.orders, naming it only (a bare reader's reference).</summary>
public sealed class OrdersEtlLineageDag() : Dag("orders_etl_lineage")
{
    protected override void Define(DagBuilder dag)
    {
        dag.Task("build_fact", _ => { }, new TaskOptions { Reads = [new Dataset("raw.orders")], Writes = [LineageDatasets.FactOrders] });
        dag.Task("build_customers", _ => { }, new TaskOptions { Reads = [new Dataset("raw.orders")], Writes = [LineageDatasets.DimCustomers] });
    }
}
