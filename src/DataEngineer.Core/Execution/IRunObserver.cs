using DataEngineer.Core.Storage;

namespace DataEngineer.Core.Execution;

/// <summary>Hears what a run does as it happens: for live progress in a terminal.</summary>
public interface IRunObserver
{
    void TaskStarted(TaskInstance task);

    void TaskFinished(TaskInstance task);

    void TaskLog(TaskInstance task, TaskLogLine line);
}
