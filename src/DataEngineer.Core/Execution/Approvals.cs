using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Validation;
using DataEngineer.Sdk;

namespace DataEngineer.Core.Execution;

/// <summary>
/// The approval task's part of the state machine, pure like <see cref="RunProgression"/>: a ready approval task becomes
/// <c>awaiting_input</c> (a try with no worker and no slot, due to time out at <see cref="TaskInstance.NextTryAt"/>), and a
/// decision (a person's, or the default outcome at the timeout) ends that try as <see cref="RunProgression.Complete"/> ends
/// a worker's: approved is a success whose downstream tasks run (the chosen branch only, when it offers branches), rejected
/// is a success that skips them, or a failure with <see cref="ApprovalOptions.FailOnReject"/>. The decision is its XCom.
/// </summary>
public static class Approvals
{
    /// <summary>Whether <paramref name="node"/> is an approval task.</summary>
    public static bool IsApproval(TaskNode node) => node.Definition.Kind == TaskKind.Approval;

    /// <summary>The question an approval task asks.</summary>
    public static string SubjectOf(TaskNode node) => node.Definition.Approval?.Subject ?? $"Approve task {node.Id}?";

    /// <summary>A ready approval task as it starts to wait for a decision: a new try, timing out after its timeout.</summary>
    internal static TaskInstance Requested(TaskNode node, TaskInstance task, DateTimeOffset now) => task with
    {
        State = TaskInstanceState.AwaitingInput,
        TryNumber = task.TryNumber + 1,
        MaxTries = Math.Max(task.MaxTries, task.TryNumber + 1),
        StartedAt = now,
        EndedAt = null,
        NextTryAt = now + node.Definition.Approval?.Timeout,
        HeartbeatAt = null,
        Hostname = null,
        Error = null,
    };

    /// <summary>Ends the waiting approval task <paramref name="taskId"/> with <paramref name="decision"/>; no change if it is not waiting.</summary>
    public static RunChanges Decide(DagGraph graph, RunSnapshot snapshot, string taskId, ApprovalDecision decision, DateTimeOffset now)
    {
        var task = snapshot.Tasks[taskId];
        var node = graph.Tasks[taskId];
        if (task.State != TaskInstanceState.AwaitingInput || !IsApproval(node))
        {
            return RunChanges.None;
        }

        var json = XComJson.Write(decision, typeof(ApprovalDecision));
        var xcom = new XComEntry(task.DagId, task.RunId, taskId, XComKeys.ReturnValue, json);
        var said = decision.Comment is { Length: > 0 } comment ? $": {comment}" : "";
        TaskTryOutcome outcome = decision.Approved
            ? new() { State = TaskInstanceState.Success, BranchChoice = ChosenBy(node, decision), XCom = [xcom] }
            : node.Definition.Approval?.FailOnReject == true
                ? TaskTryOutcome.Failed($"Rejected by {decision.By}{said}", retryable: false) with { XCom = [xcom] }
                : new() { State = TaskInstanceState.Success, BranchChoice = [], XCom = [xcom] };

        // The waiting try ends as a worker's try would, through the same rules (branch skips, downstream decisions, the run's end).
        var waiting = new Dictionary<string, TaskInstance>(snapshot.Tasks, StringComparer.Ordinal) { [taskId] = task with { State = TaskInstanceState.Running } };
        var changes = RunProgression.Complete(graph, snapshot with { Tasks = waiting }, taskId, task.TryNumber, outcome, now);
        return decision.Approved || node.Definition.Approval?.FailOnReject != true ? changes : changes with { XCom = [xcom] };
    }

    // The chosen branch; approving one that offers branches without choosing runs them all.
    private static List<string>? ChosenBy(TaskNode node, ApprovalDecision decision) =>
        decision.Branch is { } branch ? [branch] : node.Definition.Approval?.Branches is { Count: > 0 } offered ? [.. offered] : null;

    /// <summary>Applies the default outcome to an approval task whose timeout has passed; no change otherwise.</summary>
    public static RunChanges TimeOut(DagGraph graph, RunSnapshot snapshot, string taskId, DateTimeOffset now)
    {
        var task = snapshot.Tasks[taskId];
        if (task.State != TaskInstanceState.AwaitingInput || task.NextTryAt > now || task.NextTryAt is null || graph.Tasks[taskId].Definition.Approval is not { } asked)
        {
            return RunChanges.None;
        }

        var approve = asked.DefaultOutcome == ApprovalOutcome.Approve;
        var comment = $"no decision within {asked.Timeout}: {(approve ? "approved" : "rejected")} by default";
        return Decide(graph, snapshot, taskId, new ApprovalDecision(approve, "timeout", now, comment), now);
    }
}
