namespace DataEngineer.Sdk;

/// <summary>
/// Per-task settings. Every property is optional: an unset value falls back to the DAG's
/// <see cref="DagOptions.DefaultTaskOptions"/>, then to the built-in default named on each property.
/// </summary>
/// <example><code>new TaskOptions { Retries = 3, RetryDelay = TimeSpan.FromMinutes(5) }</code></example>
public sealed record TaskOptions
{
    /// <summary>How many times a failed try is retried (default 0). The task runs at most <c>Retries + 1</c> times.</summary>
    public int? Retries { get; init; }

    /// <summary>Delay before a retry (default 5 minutes).</summary>
    public TimeSpan? RetryDelay { get; init; }

    /// <summary>Double the delay after each failed try: <c>RetryDelay * 2^(n-1)</c> before try <c>n+1</c> (default false).</summary>
    public bool? RetryExponentialBackoff { get; init; }

    /// <summary>Upper bound for the retry delay when backoff grows it (default 24 hours).</summary>
    public TimeSpan? MaxRetryDelay { get; init; }

    /// <summary>A try still running after this long is cancelled and counts as a failed try (default none).</summary>
    public TimeSpan? ExecutionTimeout { get; init; }

    /// <summary>When the task runs given its upstream states (default <see cref="Sdk.TriggerRule.AllSuccess"/>).</summary>
    public TriggerRule? TriggerRule { get; init; }

    /// <summary>The worker queue that runs the task (default <c>default</c>): lowercase letters, digits, <c>_</c> and <c>-</c>.</summary>
    public string? Queue { get; init; }

    /// <summary>The named pool whose slots limit concurrent tries (default <c>default_pool</c>).</summary>
    public string? Pool { get; init; }

    /// <summary>Higher runs first when slots are scarce (default 1).</summary>
    public int? PriorityWeight { get; init; }

    /// <summary>For a mapped task: the most instances it may expand to; a longer list fails it (default <c>DataEngineer:MaxMapLength</c>, 10,000).</summary>
    public int? MaxMapLength { get; init; }

    /// <summary>Who is alerted and on what for this task; replaces <see cref="DagOptions.Alerts"/> (default: the DAG's).</summary>
    public AlertOptions? Alerts { get; init; }

    /// <summary>Runs after a try fails for good (no retries left).</summary>
    public TaskCallback? OnFailure { get; init; }

    /// <summary>Runs after a try fails and the task will be retried.</summary>
    public TaskCallback? OnRetry { get; init; }

    /// <summary>Runs after a try succeeds.</summary>
    public TaskCallback? OnSuccess { get; init; }

    /// <summary>How long a callback may run before it is cancelled and recorded as timed out (default 30 seconds).</summary>
    public TimeSpan? CallbackTimeout { get; init; }

    /// <summary>
    /// The datasets the task reads (Airflow's inlets). Used for lineage across DAGs; not inherited from
    /// <see cref="DagOptions.DefaultTaskOptions"/>.
    /// </summary>
    public IReadOnlyList<Dataset> Reads { get; init; } = [];

    /// <summary>
    /// The datasets the task writes (Airflow's outlets). Each successful try updates them, which is what
    /// lineage and dataset-scheduled DAGs follow; not inherited from <see cref="DagOptions.DefaultTaskOptions"/>.
    /// </summary>
    public IReadOnlyList<Dataset> Writes { get; init; } = [];

    /// <summary>Returns these options with every unset value taken from <paramref name="defaults"/>.</summary>
    public TaskOptions Over(TaskOptions defaults) => new()
    {
        Retries = Retries ?? defaults.Retries,
        RetryDelay = RetryDelay ?? defaults.RetryDelay,
        RetryExponentialBackoff = RetryExponentialBackoff ?? defaults.RetryExponentialBackoff,
        MaxRetryDelay = MaxRetryDelay ?? defaults.MaxRetryDelay,
        ExecutionTimeout = ExecutionTimeout ?? defaults.ExecutionTimeout,
        TriggerRule = TriggerRule ?? defaults.TriggerRule,
        Queue = Queue ?? defaults.Queue,
        Pool = Pool ?? defaults.Pool,
        PriorityWeight = PriorityWeight ?? defaults.PriorityWeight,
        MaxMapLength = MaxMapLength ?? defaults.MaxMapLength,
        Alerts = Alerts ?? defaults.Alerts,
        OnFailure = OnFailure ?? defaults.OnFailure,
        OnRetry = OnRetry ?? defaults.OnRetry,
        OnSuccess = OnSuccess ?? defaults.OnSuccess,
        CallbackTimeout = CallbackTimeout ?? defaults.CallbackTimeout,
        Reads = Reads,
        Writes = Writes,
    };
}
