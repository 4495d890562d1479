using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Text;
using DataEngineer.Core.Alerts;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Sdk;

namespace DataEngineer.Core.Telemetry;

/// <summary>
/// The engine's OpenTelemetry sources, named "DataEngineer": one span per task try and one per DAG
/// run, and the core metrics. Exporters are configured by the host. The spans of one run (its tries, on
/// whichever workers, and the run's own span) share one trace id derived from the run, so a trace shows the run.
/// </summary>
public static class EngineTelemetry
{
    public const string Name = "DataEngineer";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    private static readonly Histogram<double> TryDuration = Meter.CreateHistogram<double>("dataengineer.task.duration", "s", "Duration of task tries");
    private static readonly Counter<long> Tries = Meter.CreateCounter<long>("dataengineer.task.tries", "{try}", "Task tries by final state");
    private static readonly Counter<long> Rows = Meter.CreateCounter<long>("dataengineer.task.rows", "{row}", "Rows reported by tasks, by kind");
    private static readonly Histogram<double> Handoff = Meter.CreateHistogram<double>("dataengineer.task.handoff", "s", "Time from a task being queued to its try starting");
    private static readonly Histogram<double> SchedulerLag = Meter.CreateHistogram<double>("dataengineer.scheduler.lag", "s", "Time from a scheduled interval closing to its run being created");
    private static readonly Counter<long> AlertsSent = Meter.CreateCounter<long>("dataengineer.alerts.sent", "{alert}", "Alerts a channel accepted");
    private static readonly Counter<long> AlertsFailed = Meter.CreateCounter<long>("dataengineer.alerts.failed", "{attempt}", "Alert delivery attempts that failed");
    private static readonly Counter<long> StrandedRuns = Meter.CreateCounter<long>("dataengineer.scheduler.stranded_runs", "{run}", "Runs found running with nothing in flight and settled by the scheduler's sweep");
    private static readonly Gauge<double> FreshnessAge = Meter.CreateGauge<double>("dataengineer.dataset.freshness_age", "s", "Time since a dataset was last refreshed");
    private static readonly ConcurrentDictionary<string, long> QueueDepths = new(StringComparer.Ordinal);

    static EngineTelemetry()
    {
        Meter.CreateObservableGauge("dataengineer.queue.depth", () => QueueDepths.Select(q => new Measurement<long>(q.Value, new KeyValuePair<string, object?>("queue", q.Key))),
            "{task}", "Task instances queued and not yet started, by queue");
    }

    /// <summary>Starts the span of one try; the caller ends it with <see cref="TryEnded"/>.</summary>
    public static Activity? TryStarted(TaskInstance task)
    {
        if (task.QueuedAt is { } queued && task.StartedAt is { } started && started >= queued)
        {
            Handoff.Record((started - queued).TotalSeconds, new TagList { { "dag_id", task.DagId }, { "queue", task.Queue } });
        }

        return TrySpan(task, default);
    }

    /// <summary>
    /// Records a try its worker did not live to report, failed by the zombie reaper: its span (from its start to
    /// <paramref name="now"/>, tagged <c>dataengineer.reaped</c>) and its metrics, as a failed try.
    /// </summary>
    public static void TryReaped(TaskInstance task, DateTimeOffset now)
    {
        var started = task.StartedAt ?? now;
        var activity = TrySpan(task, started);
        activity?.SetTag("dataengineer.reaped", true);
        TryEnded(activity, task, StateNames.Of(TaskInstanceState.Failed), task.RowsRead, task.RowsWritten, task.RowsRejected, now - started);
    }

    public static void TryEnded(Activity? activity, TaskInstance task, string state, long read, long written, long rejected, TimeSpan duration)
    {
        var tags = new TagList { { "dag_id", task.DagId }, { "task_id", task.TaskId }, { "state", state } };
        TryDuration.Record(duration.TotalSeconds, tags);
        Tries.Add(1, tags);
        Rows.Add(read, new TagList { { "dag_id", task.DagId }, { "task_id", task.TaskId }, { "kind", "read" } });
        Rows.Add(written, new TagList { { "dag_id", task.DagId }, { "task_id", task.TaskId }, { "kind", "written" } });
        Rows.Add(rejected, new TagList { { "dag_id", task.DagId }, { "task_id", task.TaskId }, { "kind", "rejected" } });
        if (activity is null)
        {
            return;
        }

        activity.SetTag("dataengineer.state", state);
        activity.SetTag("dataengineer.rows_read", read);
        activity.SetTag("dataengineer.rows_written", written);
        activity.SetTag("dataengineer.rows_rejected", rejected);
        if (state == StateNames.Of(TaskInstanceState.Failed))
        {
            activity.SetStatus(ActivityStatusCode.Error);
        }

        activity.Stop();
    }

    private static Activity? TrySpan(TaskInstance task, DateTimeOffset startTime)
    {
        var activity = Source.StartActivity("task_try", ActivityKind.Internal, RunContext(task.DagId, task.RunId), startTime: startTime);
        activity?.SetTag("dataengineer.dag_id", task.DagId);
        activity?.SetTag("dataengineer.task_id", task.TaskId);
        activity?.SetTag("dataengineer.run_id", task.RunId);
        activity?.SetTag("dataengineer.try_number", task.TryNumber);
        return activity;
    }

    /// <summary>Records the span of a finished run, from its start to its end, whichever process finished it.</summary>
    public static void RunFinished(DagRun run)
    {
        using var activity = Source.StartActivity("dag_run", ActivityKind.Internal, RunContext(run.DagId, run.RunId), startTime: run.StartedAt ?? run.CreatedAt);
        if (activity is null)
        {
            return;
        }

        activity.SetTag("dataengineer.dag_id", run.DagId);
        activity.SetTag("dataengineer.run_id", run.RunId);
        activity.SetTag("dataengineer.run_type", StateNames.Of(run.Type));
        activity.SetTag("dataengineer.state", StateNames.Of(run.State));
        if (run.State == DagRunState.Failed)
        {
            activity.SetStatus(ActivityStatusCode.Error);
        }

        activity.SetEndTime((run.EndedAt ?? DateTimeOffset.UtcNow).UtcDateTime);
    }

    /// <summary>A scheduled run was created for an interval that closed at <paramref name="due"/>.</summary>
    public static void RunCreated(DagRun run, DateTimeOffset due, DateTimeOffset now) =>
        SchedulerLag.Record(Math.Max(0, (now - due).TotalSeconds), new TagList { { "dag_id", run.DagId } });

    /// <summary>The scheduler's sweep settled a run that was running with nothing in flight.</summary>
    public static void StrandedRunSettled(DagRun run) => StrandedRuns.Add(1, new TagList { { "dag_id", run.DagId } });

    /// <summary>The number of task instances waiting in <paramref name="queue"/>, as last counted.</summary>
    public static void QueueDepth(string queue, long depth) => QueueDepths[queue] = depth;

    /// <summary>How old a dataset's data is now (for freshness checks to report).</summary>
    public static void DatasetFreshness(string dataset, TimeSpan age) =>
        FreshnessAge.Record(age.TotalSeconds, new TagList { { "dataset", dataset } });

    /// <summary>An alert delivery attempt ended: accepted by the channel, or failed.</summary>
    public static void AlertDelivered(string channel, AlertEvents kind, bool sent) =>
        (sent ? AlertsSent : AlertsFailed).Add(1, new TagList { { "channel", channel }, { "event", AlertKinds.Name(kind) } });

    /// <summary>The parent every span of a run hangs from: a trace id and span id derived from the run's key.</summary>
    public static ActivityContext RunContext(string dagId, string runId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{dagId}\n{runId}"));
        return new ActivityContext(ActivityTraceId.CreateFromBytes(hash.AsSpan(0, 16)), ActivitySpanId.CreateFromBytes(hash.AsSpan(16, 8)), ActivityTraceFlags.Recorded, isRemote: true);
    }
}
