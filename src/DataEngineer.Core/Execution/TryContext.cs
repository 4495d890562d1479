using DataEngineer.Core.Governance;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Validation;
using DataEngineer.Sdk;
using Microsoft.Extensions.Logging;

namespace DataEngineer.Core.Execution;

/// <summary>
/// One try as it passes through the <see cref="TryPipeline"/>'s filters to its body: what it runs, and what the filters
/// set up for it (the masker, where its log lines go) and read back after it (what it observed of the data).
/// </summary>
public sealed class TryContext(DagGraph graph, DagRun run, TaskInstance task, TimeProvider time, CancellationToken shutdown)
{
    public DagGraph Graph => graph;

    public DagRun Run => run;

    /// <summary>The task instance, running under this try's number.</summary>
    public TaskInstance Task => task;

    /// <summary>Cancelled when the process running the try shuts down (or a person stopped the try).</summary>
    public CancellationToken Shutdown => shutdown;

    /// <summary>
    /// Masks PII and secrets in what the try leaves behind; the body teaches it the values it reads (conf, inputs, XCom).
    /// Secrets only until the masking filter gives it the task's PII columns.
    /// </summary>
    public PiiMasker Masker { get; set; } = new([]);

    /// <summary>Where the try's log lines go, already masked: filters chain onto it (the log filter stores them, a terminal shows them).</summary>
    public Action<TaskLogLine> Lines { get; set; } = _ => { };

    /// <summary>The try's log as the task writes it: each line masked with <see cref="Masker"/>, then handed to <see cref="Lines"/>.</summary>
    public ILogger Logger => new PiiMaskingLogger(Masker, (level, message) => Lines(new TaskLogLine(time.GetUtcNow(), level.ToString().ToUpperInvariant(), message)));

    /// <summary>What the task observed of the data (checks, statements, dataset writes); null when its body did not start.</summary>
    public DataObservations? Data { get; set; }
}
