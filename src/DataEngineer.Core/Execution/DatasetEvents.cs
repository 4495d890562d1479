using DataEngineer.Core.Storage;
using DataEngineer.Core.Validation;

namespace DataEngineer.Core.Execution;

/// <summary>The dataset updates a successful try makes: its task's declared writes and the writes it recorded, each once.</summary>
internal static class DatasetEvents
{
    public static IReadOnlyList<DatasetEvent> Of(TaskNode node, TaskInstance ended, TaskTryOutcome outcome, DateTimeOffset at) =>
        node.Definition.Options.Writes.Select(d => d.Name)
            .Concat(outcome.DatasetsWritten)
            .Distinct(StringComparer.Ordinal)
            .Select(name => new DatasetEvent
            {
                Dataset = name,
                DagId = ended.DagId,
                RunId = ended.RunId,
                TaskId = ended.TaskId,
                TryNumber = ended.TryNumber,
                At = at,
            })
            .ToList();
}
