using DataEngineer.Core.Storage;
using DataEngineer.Core.Validation;

namespace DataEngineer.Core.Execution;

/// <summary>What the metadata store records of a loaded DAG.</summary>
public static class DagRecords
{
    public static DagRecord Of(DagGraph graph, DateTimeOffset seenAt) => new()
    {
        DagId = graph.DagId,
        Version = graph.Version,
        Schedule = graph.Options.Schedule,
        TimeZone = graph.Options.TimeZone,
        Description = graph.Options.Description,
        Owner = graph.Options.Owner,
        Tags = graph.Options.Tags,
        LastSeenAt = seenAt,
    };
}
