namespace DataEngineer.Sdk;

// Approvals: tasks a person decides, holding no slot while they wait.
public sealed partial class DagBuilder
{
    /// <summary>
    /// Adds an approval task (human in the loop): when its upstream tasks allow it to run it waits, in state
    /// <c>awaiting_input</c> and holding no slot, for an operator to approve or reject it (with a comment, and a branch when
    /// <see cref="ApprovalOptions.Branches"/> offers some) from the run page, the REST API or <c>dataengineer tasks approve|reject</c>.
    /// The request alerts the DAG's recipients with a link to the run. Its value is the <see cref="ApprovalDecision"/>.
    /// Approving runs its downstream tasks (only the chosen branch when it offers branches); rejecting skips them, or
    /// fails the task with <see cref="ApprovalOptions.FailOnReject"/>. With <see cref="ApprovalOptions.Timeout"/>, the
    /// <see cref="ApprovalOptions.DefaultOutcome"/> applies once it passes.
    /// </summary>
    /// <param name="id">The task id.</param>
    /// <param name="approval">The question, timeout, default outcome and branches (default: waits for ever; reject skips downstream).</param>
    /// <param name="options">The task's options: trigger rule, alerts, ... (retries, queue and pool do not apply: it never runs on a worker).</param>
    /// <exception cref="ArgumentOutOfRangeException">The timeout is zero or negative.</exception>
    /// <example><code>
    /// var approved = dag.Approval("approve_publish", new ApprovalOptions { Subject = "Publish today's prices?", Timeout = TimeSpan.FromHours(4) });
    /// dag.Task("publish", _ => { }).After(approved);
    /// </code></example>
    public TaskRef<ApprovalDecision> Approval(string id, ApprovalOptions? approval = null, TaskOptions? options = null)
    {
        var asked = approval ?? new ApprovalOptions();
        if (asked.Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(approval), asked.Timeout,
                $"Approval '{id}': Timeout must be positive, not {asked.Timeout}. Set how long to wait for a decision, e.g. TimeSpan.FromHours(4), or null to wait for ever.");
        }

        Register(id, TaskKind.Approval, [], typeof(ApprovalDecision), options, (_, _) =>
            throw new TaskFailedException($"Approval task '{id}' is decided by a person (approve or reject); it has no code to run."));
        _tasks[^1] = _tasks[^1] with { Approval = asked };
        return new TaskRef<ApprovalDecision>(this, id);
    }
}
