using DataEngineer.Core.Execution;
using DataEngineer.Core.States;
using Microsoft.Extensions.Logging;

namespace DataEngineer.Core.Telemetry;

/// <summary>Writes <see cref="EngineLog.TaskTryFailed"/> to the engine's log when a try ends failed (retried or not), whoever recorded the end.</summary>
public sealed class TryFailureLog(ILogger<TryFailureLog> logger) : ITryFilter
{
    public void TryEnded(TryEnd end)
    {
        if (end.Task is { State: TaskInstanceState.Failed or TaskInstanceState.UpForRetry } task)
        {
            logger.TaskTryFailed(end.TryNumber, end.TaskId, end.After.Run.Key, StateNames.Of(task.State));
        }
    }
}
