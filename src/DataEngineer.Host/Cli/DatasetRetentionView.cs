using DataEngineer.Core.Governance;
using DataEngineer.Core.States;
using Spectre.Console;

namespace DataEngineer.Host.Cli;

/// <summary>The last run of a dataset's retention task (the built-in <c>dataengineer_retention</c> DAG), for <c>datasets show</c>.</summary>
internal static class DatasetRetentionView
{
    public static object? Json(RetentionRun? last) => last is null ? null : new
    {
        dag_id = RetentionRuns.DagId,
        run_id = last.RunId,
        state = StateNames.Of(last.State),
        try_number = last.TryNumber,
        ended_at = last.EndedAt?.ToString("O"),
        column = last.Result?.Column,
        keep_for_seconds = (long?)last.Result?.KeepFor.TotalSeconds,
        cutoff = last.Result?.Cutoff.ToString("O"),
        deleted_rows = last.Result?.DeletedRows,
        error = last.Error,
    };

    public static void Write(IAnsiConsole console, RetentionRun? last)
    {
        if (last is null)
        {
            return;
        }

        var what = last.Result is { } r
            ? $"deleted {r.DeletedRows:N0} rows whose {r.Column} was before {r.Cutoff:yyyy-MM-dd HH:mm}Z (keeps {DatasetFreshness.Describe(r.KeepFor)})"
            : last.Error ?? "no result recorded";
        console.MarkupLine($"Retention: last run {Markup.Escape(last.RunId)} ({StateNames.Of(last.State)}, try {last.TryNumber}" +
            $"{(last.EndedAt is { } at ? $", ended {at:yyyy-MM-dd HH:mm}Z" : "")}): {Markup.Escape(what)}");
    }
}
