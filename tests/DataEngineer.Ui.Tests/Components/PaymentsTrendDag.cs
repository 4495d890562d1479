using DataEngineer.Sdk;

namespace DataEngineer.Ui.Tests.Components;

/// <summary>A DAG whose task declares the anomaly options of the dataset it writes, for the trend chart's tests.</summary>
public sealed class PaymentsTrendDag(string dataset, RowCountAnomalyOptions anomaly) : Dag("payments", new DagOptions())
{
    protected override void Define(DagBuilder dag) =>
        dag.Task("load", _ => { }, new TaskOptions { Writes = [new Dataset(dataset) { RowCountAnomaly = anomaly }] });
}
