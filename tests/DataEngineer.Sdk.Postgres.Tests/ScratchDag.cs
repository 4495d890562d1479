using DataEngineer.Sdk.Testing;

namespace DataEngineer.Sdk.Postgres.Tests;

/// <summary>A one-task DAG whose context the helper tests run in (through TaskTestEnvironment).</summary>
public sealed class ScratchDag() : Dag("scratch", new DagOptions())
{
    protected override void Define(DagBuilder dag) => dag.Task("t", _ => { });

    public static TaskContext Context(TaskTestEnvironment env) => env.CreateContext(new ScratchDag(), "t");
}
