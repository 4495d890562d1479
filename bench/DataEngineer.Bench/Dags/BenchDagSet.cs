using DataEngineer.Core.Execution;
using DataEngineer.Core.Validation;
using DataEngineer.Sdk;

namespace DataEngineer.Bench.Dags;

/// <summary>
/// Every DAG the benchmark runs, validated as a host would. The parent and the child worker process build
/// the same set, so either can run any task it is handed.
/// </summary>
public sealed class BenchDagSet
{
    public const int HandoffChainLength = 200;
    public const int CrossProcessChainLength = 101;
    public const string LocalQueue = "q1";
    public const string RemoteQueue = "q2";

    public BenchDagSet()
    {
        Warmup = Validate(new LinearChainDag("bench_warmup", 20));
        HandoffChain = Validate(new LinearChainDag("bench_handoff_chain", HandoffChainLength, _ => "default", BodyClock.Run));
        ProfileChain = Validate(new LinearChainDag("bench_profile_chain", HandoffChainLength));
        Shapes =
        [
            new ThroughputShape("100 DAGs x 10 linear tasks", [.. Enumerable.Range(0, 100).Select(i => Validate(new LinearChainDag($"bench_linear10_{i:D3}", 10)))]),
            new ThroughputShape("10 DAGs x 100 linear tasks", [.. Enumerable.Range(0, 10).Select(i => Validate(new LinearChainDag($"bench_linear100_{i:D2}", 100)))]),
            new ThroughputShape("8 binary trees x 127 tasks", [.. Enumerable.Range(0, 8).Select(i => Validate(new BinaryTreeDag($"bench_tree127_{i}", 127)))]),
        ];

        // Even positions on the parent's queue, odd on the child's: every edge crosses processes.
        CrossProcessWarmup = Validate(new LinearChainDag("bench_xproc_warmup", 10, Alternate));
        CrossProcessChain = Validate(new LinearChainDag("bench_xproc_chain", CrossProcessChainLength, Alternate));
        Registry = new StaticDagRegistry([Warmup, HandoffChain, ProfileChain, .. Shapes.SelectMany(s => s.Dags), CrossProcessWarmup, CrossProcessChain]);
    }

    public DagGraph Warmup { get; }

    public DagGraph HandoffChain { get; }

    public DagGraph ProfileChain { get; }

    public IReadOnlyList<ThroughputShape> Shapes { get; }

    public DagGraph CrossProcessWarmup { get; }

    public DagGraph CrossProcessChain { get; }

    public StaticDagRegistry Registry { get; }

    private static string Alternate(int index) => index % 2 == 0 ? LocalQueue : RemoteQueue;

    private static DagGraph Validate(Dag dag) => DagValidator.Validate(dag.Build());
}
