using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Validation;
using DataEngineer.Ui.Presentation;

namespace DataEngineer.Host.Api;

/// <summary>A DAG as the REST API shows it.</summary>
internal sealed record ApiDag(
    string DagId, string? Description, string? Owner, IReadOnlyList<string> Tags, string? Schedule, string ScheduleDescription,
    string TimeZone, bool IsPaused, DateTimeOffset? NextRunAt, string? LastRunState, IReadOnlyList<string> Tasks, IReadOnlyList<ApiRun> RecentRuns)
{
    public static ApiDag Of(DagOverview overview, DagGraph? graph, DateTimeOffset now) => new(
        overview.Dag.DagId, overview.Dag.Description, overview.Dag.Owner, overview.Dag.Tags, overview.Dag.Schedule,
        ScheduleText.Words(graph, overview.Dag.Schedule), overview.Dag.TimeZone, overview.Dag.IsPaused,
        ScheduleText.NextRun(graph, overview.Dag.IsPaused, now), overview.LastRun is { } last ? StateNames.Of(last.State) : null,
        graph?.TopologicalOrder.Select(t => t.Id).ToList() ?? [], overview.RecentRuns.Select(ApiRun.Of).ToList());
}
