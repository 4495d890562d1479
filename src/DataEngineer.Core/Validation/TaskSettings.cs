using DataEngineer.Sdk;

namespace DataEngineer.Core.Validation;

/// <summary>A task's options with the DAG's defaults and the built-in defaults applied: every value set.</summary>
public sealed record TaskSettings
{
    public static readonly TimeSpan DefaultRetryDelay = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan DefaultMaxRetryDelay = TimeSpan.FromHours(24);
    public const string DefaultQueue = "default";
    public const string DefaultPool = "default_pool";

    public int Retries { get; init; }
    public TimeSpan RetryDelay { get; init; } = DefaultRetryDelay;
    public bool RetryExponentialBackoff { get; init; }
    public TimeSpan MaxRetryDelay { get; init; } = DefaultMaxRetryDelay;
    public TimeSpan? ExecutionTimeout { get; init; }
    public TriggerRule TriggerRule { get; init; } = TriggerRule.AllSuccess;
    public string Queue { get; init; } = DefaultQueue;
    public string Pool { get; init; } = DefaultPool;
    public int PriorityWeight { get; init; } = 1;

    public int MaxTries => Retries + 1;

    public static TaskSettings Resolve(TaskOptions task, TaskOptions dagDefaults)
    {
        var o = task.Over(dagDefaults);
        return new TaskSettings
        {
            Retries = o.Retries ?? 0,
            RetryDelay = o.RetryDelay ?? DefaultRetryDelay,
            RetryExponentialBackoff = o.RetryExponentialBackoff ?? false,
            MaxRetryDelay = o.MaxRetryDelay ?? DefaultMaxRetryDelay,
            ExecutionTimeout = o.ExecutionTimeout,
            TriggerRule = o.TriggerRule ?? TriggerRule.AllSuccess,
            Queue = o.Queue ?? DefaultQueue,
            Pool = o.Pool ?? DefaultPool,
            PriorityWeight = o.PriorityWeight ?? 1,
        };
    }
}
