using System.Diagnostics;
using System.Diagnostics.Metrics;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;

namespace DataEngineer.Core.Telemetry;

/// <summary>
/// The engine's OpenTelemetry sources, named "DataEngineer": one span per task try and one per DAG
/// run, and the core metrics. Exporters are configured by the host.
/// </summary>
public static class EngineTelemetry
{
    public const string Name = "DataEngineer";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    private static readonly Histogram<double> TryDuration = Meter.CreateHistogram<double>("dataengineer.task.duration", "s", "Duration of task tries");
    private static readonly Counter<long> Tries = Meter.CreateCounter<long>("dataengineer.task.tries", "{try}", "Task tries by final state");
    private static readonly Counter<long> Rows = Meter.CreateCounter<long>("dataengineer.task.rows", "{row}", "Rows reported by tasks, by kind");

    /// <summary>Starts the span of one try; the caller ends it with <see cref="TryEnded"/>.</summary>
    public static Activity? TryStarted(TaskInstance task)
    {
        var activity = Source.StartActivity("task_try", ActivityKind.Internal);
        activity?.SetTag("dataengineer.dag_id", task.DagId);
        activity?.SetTag("dataengineer.task_id", task.TaskId);
        activity?.SetTag("dataengineer.run_id", task.RunId);
        activity?.SetTag("dataengineer.try_number", task.TryNumber);
        return activity;
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

    /// <summary>Records the span of a finished run, from its start to its end, whichever process finished it.</summary>
    public static void RunFinished(DagRun run)
    {
        using var activity = Source.StartActivity("dag_run", ActivityKind.Internal, parentContext: default, startTime: run.StartedAt ?? run.CreatedAt);
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
}
