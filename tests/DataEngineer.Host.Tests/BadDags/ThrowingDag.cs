using DataEngineer.Sdk;

namespace DataEngineer.Host.Tests.BadDags;

/// <summary>An import error: DAG code that throws while the graph is built.</summary>
public sealed class ThrowingDag() : Dag("throwing_dag")
{
    protected override void Define(DagBuilder dag) => throw new InvalidOperationException("config file missing");
}
