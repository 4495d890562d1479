using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Validation;
using DataEngineer.Sdk;

namespace DataEngineer.Core.Execution;

/// <summary>Makes a new run and its task instances (all <c>none</c>) for one data interval.</summary>
public static class DagRunFactory
{
    /// <summary>
    /// <c>type__timestamp</c>, as Airflow spells them. Runs that happen at any instant (dataset updates, manual
    /// triggers without a date) carry microseconds, so several in one second stay distinct; scheduled and backfill
    /// runs, and manual runs at a whole second, keep whole seconds.
    /// </summary>
    public static string RunId(DagRunType type, DateTimeOffset logicalDate) => type == DagRunType.DatasetTriggered || (type == DagRunType.Manual && logicalDate.Ticks % TimeSpan.TicksPerSecond != 0)
        ? $"{StateNames.Of(type)}__{logicalDate.ToUniversalTime():yyyy-MM-ddTHH:mm:ss.ffffffZ}"
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
