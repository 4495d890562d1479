using DataEngineer.Core.Scheduling;
using DataEngineer.Sdk;

namespace DataEngineer.Core.Validation;

/// <summary>
/// A validated DAG: acyclic, unique ids, known dependencies, valid schedule and options.
/// Only <see cref="DagValidator"/> makes one, so the engine can trust it.
/// </summary>
public sealed class DagGraph
{
    internal DagGraph(DagDefinition definition, Timetable timetable, IReadOnlyList<TaskNode> topologicalOrder, string version)
    {
        Definition = definition;
        Timetable = timetable;
        TopologicalOrder = topologicalOrder;
        Tasks = new TaskNodes(topologicalOrder.ToDictionary(t => t.Id, StringComparer.Ordinal));
        Leaves = topologicalOrder.Where(t => t.Downstream.Count == 0).Select(t => t.Id).ToList();
        Version = version;
    }

    public string DagId => Definition.Id;

    public DagDefinition Definition { get; }

    public DagOptions Options => Definition.Options;

    public Timetable Timetable { get; }

    /// <summary>Tasks ordered so every task comes after all its upstream tasks.</summary>
    public IReadOnlyList<TaskNode> TopologicalOrder { get; }

    /// <summary>The tasks by id; a mapped task's instance id (<c>task[3]</c>) finds the task's node.</summary>
    public IReadOnlyDictionary<string, TaskNode> Tasks { get; }

    /// <summary>Tasks with no downstream tasks: a run's state follows them.</summary>
    public IReadOnlyList<string> Leaves { get; }

    /// <summary>A short hash of the graph's structure and options; changes when the DAG changes shape.</summary>
    public string Version { get; }
}
