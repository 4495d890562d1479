using DataEngineer.Core.Storage;
using DataEngineer.Core.Validation;

namespace DataEngineer.Core.Execution;

/// <summary>A try this worker claimed: its task instance (running, under its new try number), its run and the DAG version it runs.</summary>
internal sealed record ClaimedTry(DagGraph Graph, DagRun Run, TaskInstance Task);
