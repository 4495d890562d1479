namespace DataEngineer.Core.Storage;

/// <summary>
/// Read-only views for the web UI and REST API: each answers one page in a fixed number of
/// queries (no query per DAG or per run), with paging, so it stays fast with thousands of DAGs and runs.
/// </summary>
public interface IRunQueries
{
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
