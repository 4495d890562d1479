namespace DataEngineer.Sdk;

/// <summary>
/// What an approval task asks and how it ends (Airflow 3's <c>ApprovalOperator</c> and <c>HITLBranchOperator</c>). By default a
/// rejection succeeds the approval task and skips its downstream tasks; <see cref="FailOnReject"/> fails it instead.
/// </summary>
/// <example><code>new ApprovalOptions { Subject = "Publish today's prices?", Timeout = TimeSpan.FromHours(4), DefaultOutcome = ApprovalOutcome.Reject }</code></example>
public sealed record ApprovalOptions
{
    /// <summary>The question, shown on the run page and in the request alert (default: "Approve task &lt;id&gt;?").</summary>
    public string? Subject { get; init; }

    /// <summary>How long to wait for a decision, from the request; then <see cref="DefaultOutcome"/> applies. Null (the default) waits for ever.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>The outcome applied when <see cref="Timeout"/> passes (default reject).</summary>
    public ApprovalOutcome DefaultOutcome { get; init; } = ApprovalOutcome.Reject;

    /// <summary>
    /// Direct downstream task ids an approver chooses among (a human branch): the one chosen runs, the others are skipped.
    /// Empty (the default): approving runs every downstream task.
    /// </summary>
    public IReadOnlyList<string> Branches { get; init; } = [];

    /// <summary>Whether a rejection fails the approval task (its downstream tasks then see a failed upstream) rather than skipping them (default false).</summary>
    public bool FailOnReject { get; init; }
}
