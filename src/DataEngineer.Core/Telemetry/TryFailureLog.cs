using DataEngineer.Core.Execution;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Validation;
using Microsoft.Extensions.Logging;

namespace DataEngineer.Core.Telemetry;

/// <summary>Writes <see cref="EngineLog.TaskTryFailed"/> to the engine's log when a try ends failed (retried or not).</summary>
public sealed class TryFailureLog(ILogger<TryFailureLog> logger) : ITryEndListener
{
    public void TryEnded(DagGraph graph, RunSnapshot after, string taskId, int tryNumber)
    {
        if (after.Tasks.TryGetValue(taskId, out var task) && task.State is TaskInstanceState.Failed or TaskInstanceState.UpForRetry)
        {
            logger.TaskTryFailed(tryNumber, taskId, after.Run.Key, StateNames.Of(task.State));
        }
    }
}
