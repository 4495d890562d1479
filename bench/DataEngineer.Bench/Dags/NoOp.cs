using DataEngineer.Sdk;

namespace DataEngineer.Bench.Dags;

/// <summary>The body of every benchmark task: nothing, so what is measured is the engine alone.</summary>
public static class NoOp
{
    public static void Run(TaskContext context)
    {
    }
}
