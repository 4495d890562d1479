using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Validation;
using DataEngineer.Sdk;

namespace DataEngineer.Core.Execution;

/// <summary>Makes a new run and its task instances (all <c>none</c>) for one data interval.</summary>
public static class DagRunFactory
{
    public static string RunId(DagRunType type, DateTimeOffset logicalDate) => type == DagRunType.DatasetTriggered
        ? $"{StateNames.Of(type)}__{logicalDate.ToUniversalTime():yyyy-MM-ddTHH:mm:ss.ffffffZ}" // updates may come seconds apart
        : $"{StateNames.Of(type)}__{logicalDate.ToUniversalTime():yyyy-MM-ddTHH:mm:ssZ}";

    public static (DagRun Run, IReadOnlyList<TaskInstance> Tasks) Create(
        DagGraph graph, DagRunType type, DataInterval interval, RunConf conf, DateTimeOffset now)
    {
        var run = new DagRun
        {
            DagId = graph.DagId,
            RunId = RunId(type, interval.Start),
            Type = type,
            DataInterval = interval,
            ConfJson = conf.Json,
            DagVersion = graph.Version,
            CreatedAt = now,
        };

        var tasks = graph.TopologicalOrder.Select(node => new TaskInstance
        {
            DagId = graph.DagId,
            RunId = run.RunId,
            TaskId = node.Id,
            MaxTries = node.Settings.MaxTries,
            Queue = node.Settings.Queue,
            Pool = node.Settings.Pool,
            PriorityWeight = node.Settings.PriorityWeight,
        }).ToList();

        return (run, tasks);
    }
}
