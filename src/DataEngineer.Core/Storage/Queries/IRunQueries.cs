using DataEngineer.Core.States;

namespace DataEngineer.Core.Storage;

/// <summary>
/// The read model of runs, task instances and tries, apart from the engine's write path (<see cref="IRunStore"/>): what
/// the web UI, REST API, CLI and MCP read, and what the engine reads where it only reads (a try's earlier tries, a DAG's
/// latest run). The page views answer one page in a fixed number of queries (no query per DAG or per run), with
/// paging, so they stay fast with thousands of DAGs and runs.
/// </summary>
public interface IRunQueries
{
    /// <summary>A run with its task instances, or null.</summary>
    Task<RunSnapshot?> GetRunAsync(RunKey key, CancellationToken ct = default);

    /// <summary>Runs of a DAG, newest logical date first, optionally only those in <paramref name="state"/>.</summary>
    Task<IReadOnlyList<DagRun>> ListRunsAsync(string dagId, DagRunState? state = null, int limit = 100, CancellationToken ct = default);

    /// <summary>The DAG's run of that type with the latest logical date, if any.</summary>
    Task<DagRun?> LatestRunAsync(string dagId, DagRunType type, CancellationToken ct = default);

    /// <summary>Queued and running runs of every DAG, oldest logical date first.</summary>
    Task<IReadOnlyList<DagRun>> ListActiveRunsAsync(int limit = 1000, CancellationToken ct = default);

    /// <summary>Task instances in any of <paramref name="states"/> across all runs, oldest run first.</summary>
    Task<IReadOnlyList<TaskInstance>> ListTaskInstancesAsync(IReadOnlyCollection<TaskInstanceState> states, int limit = 1000, CancellationToken ct = default);

    /// <summary>Every try of a task (or of all tasks), in try order.</summary>
    Task<IReadOnlyList<TaskTry>> ListTriesAsync(RunKey key, string? taskId = null, CancellationToken ct = default);

    /// <summary>One page of DAGs matching <paramref name="query"/>, each with its newest runs.</summary>
    Task<DagOverviewPage> ListDagOverviewsAsync(DagOverviewQuery query, CancellationToken ct = default);

    /// <summary>One page of a DAG's runs, newest logical date first, each with its task instances.</summary>
    Task<RunHistoryPage> ListRunHistoryAsync(string dagId, int offset, int limit, CancellationToken ct = default);

    /// <summary>Every XCom value of a run, by task then key.</summary>
    Task<IReadOnlyList<XComEntry>> ListXComAsync(RunKey key, CancellationToken ct = default);

    /// <summary>How many task instances wait or run, per queue.</summary>
    Task<IReadOnlyList<QueueDepth>> ListQueueDepthsAsync(CancellationToken ct = default);

    /// <summary>What is broken now across all DAGs and datasets (see <see cref="BrokenNow"/>), each kind in one query.</summary>
    Task<BrokenNow> GetBrokenNowAsync(BrokenNowQuery query, CancellationToken ct = default);

    /// <summary>Every pool (configured, or named by a waiting task) with its slots and how many queued and running tries use them.</summary>
    Task<IReadOnlyList<PoolUsage>> ListPoolUsageAsync(CancellationToken ct = default);
}
