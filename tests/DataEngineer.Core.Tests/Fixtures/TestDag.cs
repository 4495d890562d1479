using DataEngineer.Sdk;

namespace DataEngineer.Core.Tests.Fixtures;

/// <summary>A DAG defined inline by a test: id, options and the Define body.</summary>
public sealed class TestDag(string id, Action<DagBuilder> define, DagOptions? options = null) : Dag(id, options)
{
    protected override void Define(DagBuilder dag) => define(dag);
}
