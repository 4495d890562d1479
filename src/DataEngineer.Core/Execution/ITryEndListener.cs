using DataEngineer.Core.Storage;
using DataEngineer.Core.Validation;

namespace DataEngineer.Core.Execution;

/// <summary>
/// Hears that a try's end was recorded (the snapshot after it holds the task as it ended). Called on the
/// worker's path: it must return at once and never throw, doing its work in the background.
/// </summary>
public interface ITryEndListener
{
    void TryEnded(DagGraph graph, RunSnapshot after, string taskId, int tryNumber);
}
