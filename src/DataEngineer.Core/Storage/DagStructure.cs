namespace DataEngineer.Core.Storage;

/// <summary>
/// One version of a DAG as the metadata store keeps it: options and tasks as plain data, so any
/// process can show the graph a run used after the DAG's code has changed or gone.
/// </summary>
public sealed record DagStructure
{
    public required string DagId { get; init; }
    public required string Version { get; init; }
    public required string ClassName { get; init; }

    /// <summary>The file (relative to the DAGs folder) or class the version was loaded from.</summary>
    public required string Source { get; init; }

    public string? Description { get; init; }
    public string? Owner { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public string? Schedule { get; init; }
    public required string ScheduleDescription { get; init; }
    public string TimeZone { get; init; } = "UTC";
    public DateTime? StartDate { get; init; }
    public DateTime? EndDate { get; init; }
    public bool Catchup { get; init; }
    public int MaxActiveRuns { get; init; }
    public int MaxActiveTasks { get; init; }
    public string? ParamsType { get; init; }

    /// <summary>Tasks in dependency order.</summary>
    public required IReadOnlyList<TaskStructure> Tasks { get; init; }

    /// <summary>Task group ids (<c>extract</c>, <c>extract.raw</c>): a task whose id starts with a group's id and a dot is in it. None in versions stored before groups were kept.</summary>
    public IReadOnlyList<string> Groups { get; init; } = [];
}
