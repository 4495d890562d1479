using DataEngineer.Core.Storage;
using DataEngineer.Core.TriggerRules;
using DataEngineer.Core.Validation;

namespace DataEngineer.Core.Execution;

/// <summary>What the metadata store records of a DAG version.</summary>
public static class DagStructures
{
    public static DagStructure Of(DagGraph graph, string source) => new()
    {
        DagId = graph.DagId,
        Version = graph.Version,
        ClassName = graph.Definition.DagType.FullName ?? graph.Definition.DagType.Name,
        Source = source,
        Description = graph.Options.Description,
        Owner = graph.Options.Owner,
        Tags = graph.Options.Tags,
        Schedule = graph.Options.Schedule,
        ScheduleDescription = Scheduling.ScheduleDescription.Of(graph.Timetable, graph.Options.ScheduleOn),
        TimeZone = graph.Options.TimeZone,
        StartDate = graph.Options.StartDate,
        EndDate = graph.Options.EndDate,
        Catchup = graph.Options.Catchup,
        MaxActiveRuns = graph.Options.MaxActiveRuns,
        MaxActiveTasks = graph.Options.MaxActiveTasks,
        ParamsType = graph.Definition.ParamsType?.Name,
        Tasks = graph.TopologicalOrder.Select(t => new TaskStructure
        {
            TaskId = t.Id,
            Kind = t.Definition.Kind.ToString(),
            Upstream = [.. t.Upstream],
            TriggerRule = TriggerRuleEvaluator.Name(t.Settings.TriggerRule),
            Retries = t.Settings.Retries,
            RetryDelay = t.Settings.RetryDelay,
            RetryExponentialBackoff = t.Settings.RetryExponentialBackoff,
            MaxRetryDelay = t.Settings.MaxRetryDelay,
            ExecutionTimeout = t.Settings.ExecutionTimeout,
            Queue = t.Settings.Queue,
            Pool = t.Settings.Pool,
            PriorityWeight = t.Settings.PriorityWeight,
            OutputType = t.Definition.OutputType?.Name,
            Reads = [.. t.Definition.Options.Reads.Select(d => d.Name)],
            Writes = [.. t.Definition.Options.Writes.Select(d => d.Name)],
            Mapped = t.Definition.Mapping is not null,
        }).ToList(),
        Groups = [.. graph.Definition.Groups.Distinct(StringComparer.Ordinal)],
    };
}
