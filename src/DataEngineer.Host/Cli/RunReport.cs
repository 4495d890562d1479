using System.Text.Json;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using Spectre.Console;

namespace DataEngineer.Host.Cli;

/// <summary>The end-of-run summary: a table for people, one JSON object for scripts.</summary>
internal static class RunReport
{
    public static string Json(RunSnapshot snapshot, IReadOnlyList<string> taskOrder) => JsonSerializer.Serialize(new
    {
        dag_id = snapshot.Run.DagId,
        run_id = snapshot.Run.RunId,
        logical_date = Iso(snapshot.Run.LogicalDate),
        data_interval_start = Iso(snapshot.Run.DataInterval.Start),
        data_interval_end = Iso(snapshot.Run.DataInterval.End),
        state = StateNames.Of(snapshot.Run.State),
        tasks = Ordered(snapshot, taskOrder).Select(t => TaskFields(t)),
    }, CliJson.Options);

    /// <summary>One task instance as the JSON outputs spell it; callers may add fields.</summary>
    public static Dictionary<string, object?> TaskFields(TaskInstance t) => new()
    {
        ["task_id"] = t.TaskId,
        ["state"] = StateNames.Of(t.State),
        ["tries"] = t.TryNumber,
        ["duration_ms"] = t.Duration is { } d ? (long?)Math.Round(d.TotalMilliseconds) : null,
        ["rows_read"] = t.RowsRead,
        ["rows_written"] = t.RowsWritten,
        ["rows_rejected"] = t.RowsRejected,
        ["error"] = t.Error,
    };

    public static void Table(IAnsiConsole console, RunSnapshot snapshot, IReadOnlyList<string> taskOrder)
    {
        var run = snapshot.Run;
        var table = new Table()
            .Title($"{Markup.Escape(run.DagId)} {Markup.Escape(run.RunId)}: {StateNames.Of(run.State)}")
            .AddColumns("task", "state", "tries", "duration", "read", "written", "rejected", "error");
        foreach (var t in Ordered(snapshot, taskOrder))
        {
            table.AddRow(Markup.Escape(t.TaskId), StateNames.Of(t.State), t.TryNumber.ToString(),
                t.Duration is { } d ? $"{d.TotalMilliseconds:F0} ms" : "", t.RowsRead.ToString(), t.RowsWritten.ToString(),
                t.RowsRejected.ToString(), Markup.Escape(t.Error ?? ""));
        }

        console.Write(table);
        console.MarkupLine($"Data interval {Markup.Escape(run.DataInterval.ToString())}, logical date {Iso(run.LogicalDate)}");
    }

    private static IEnumerable<TaskInstance> Ordered(RunSnapshot snapshot, IReadOnlyList<string> taskOrder) =>
        taskOrder.Where(snapshot.Tasks.ContainsKey).Select(id => snapshot.Tasks[id]);

    private static string Iso(DateTimeOffset instant) => instant.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ");
}
