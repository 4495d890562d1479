using DataEngineer.Core.Operations;
using DataEngineer.Core.States;

namespace DataEngineer.Host.Api;

/// <summary>What an action on a run changed (or, with <c>dry_run</c>, would change): each task instance's state and new state.</summary>
internal sealed record ApiRunAction(string DagId, string RunId, string State, bool DryRun, IReadOnlyList<ApiTaskChange> TaskInstances)
{
    public static ApiRunAction Of(RunActionResult result) => new(
        result.Run.Run.DagId, result.Run.Run.RunId, StateNames.Of(result.Run.Run.State), !result.Applied,
        result.Changes.Select(c => new ApiTaskChange(c.TaskId, StateNames.Of(c.From), StateNames.Of(c.To))).ToList());
}
