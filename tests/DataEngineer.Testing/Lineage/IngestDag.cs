using DataEngineer.Sdk;

namespace DataEngineer.Testing.Lineage;

/// <summary>Lineage DAG 1: copies source.orders into raw.orders, which it declares in full (owner, columns, contract, retention).</summary>
public sealed class IngestDag() : Dag("ingest")
{
    protected override void Define(DagBuilder dag) =>
        dag.Task("extract_orders", _ => { }, new TaskOptions { Reads = [LineageDatasets.Source], Writes = [LineageDatasets.RawOrders] });
}
