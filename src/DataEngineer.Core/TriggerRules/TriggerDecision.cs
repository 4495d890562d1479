namespace DataEngineer.Core.TriggerRules;

/// <summary>What a trigger rule says about a task that has not started, given its upstream states.</summary>
public enum TriggerDecision
{
    /// <summary>Not decided yet: evaluate again when another upstream task finishes.</summary>
    Wait,

    /// <summary>The rule is met: schedule the task.</summary>
    Run,

    /// <summary>The rule can no longer be met because of skips: set the task to <c>skipped</c>.</summary>
    Skip,

    /// <summary>The rule can no longer be met because of failures: set the task to <c>upstream_failed</c>.</summary>
    UpstreamFailed,
}
