using System.Text;
using DataEngineer.Bench.Scenarios;

namespace DataEngineer.Bench.Reporting;

/// <summary>The summary rows and sections of the scaling scenario (cost per task against run size) and the idle standalone.</summary>
public static partial class MarkdownReport
{
    private static void ScalingRows(StringBuilder md, List<string> missed, BenchResults r)
    {
        if (r.Scaling is { } s)
        {
            RatioRow(md, missed, s, "fan-out 1→2,000→1", "fan-out 1→100→1");
            RatioRow(md, missed, s, "chain 1,000", "chain 100");
            if (s.FirstOrDefault(x => x.Shape == "fan-out 1→2,000→1") is { } wide)
            {
                var met = wide.Finished && wide.TransactionsPerTask <= Targets.CommitsPerTask;
                if (!met)
                {
                    missed.Add($"Commits per task (fan-out 1→2,000→1): {wide.TransactionsPerTask:0.00}{(wide.Finished ? "" : " (unfinished)")}, target ≤ {Targets.CommitsPerTask:0}.");
                }

                md.AppendLine($"| Metadata transactions per task, fan-out 1→2,000→1 | ≤ {Targets.CommitsPerTask:0} | {wide.TransactionsPerTask:0.00} | n/a | {Verdict(met)} |");
            }
        }

        if (r.Idle is { } i)
        {
            var met = i.PerSecond <= Targets.IdleTransactionsPerSecond;
            if (!met)
            {
                missed.Add($"Idle standalone: {i.PerSecond:0.0} metadata transactions/s, target ≤ {Targets.IdleTransactionsPerSecond:0}.");
            }

            md.AppendLine($"| Idle standalone with the example DAGs, metadata transactions/s | ≤ {Targets.IdleTransactionsPerSecond:0} | {i.PerSecond:0.0} | n/a | {Verdict(met)} |");
        }
    }

    // Per-task time of the larger shape against the smaller one's: flat cost means a ratio near 1.
    private static void RatioRow(StringBuilder md, List<string> missed, IReadOnlyList<ScalingResult> results, string large, string small)
    {
        if (results.FirstOrDefault(x => x.Shape == large) is not { } l || results.FirstOrDefault(x => x.Shape == small) is not { Succeeded: > 0 } s)
        {
            return;
        }

        var ratio = l.Succeeded == 0 ? double.PositiveInfinity : l.PerTask / s.PerTask;
        var met = l.Finished && ratio <= Targets.ScalingRatio;
        var measured = l.Finished ? $"{ratio:0.0}×" : $"unfinished after {ScalingScenario.Limit.TotalMinutes:0} min ({l.Succeeded:N0} of {l.Tasks:N0} tasks)";
        if (!met)
        {
            missed.Add($"Per-task time, {large} against {small}: {measured}, target ≤ {Targets.ScalingRatio}×.");
        }

        md.AppendLine($"| Per-task time, {large} / {small} | ≤ {Targets.ScalingRatio}× | {measured} | n/a | {Verdict(met)} |");
    }

    private static void Scaling(StringBuilder md, IReadOnlyList<ScalingResult>? results)
    {
        if (results is null)
        {
            return;
        }

        md.AppendLine("## 11. Scaling: cost per task against run size").AppendLine();
        md.AppendLine("One run of each shape of no-op tasks, smallest first, on an engine (scheduler + worker) with a metadata database of its own. Time = the run's "
            + "creation (trigger) to its recorded end. Transactions = the metadata database's `xact_commit + xact_rollback` delta (`pg_stat_database`) from the trigger "
            + $"to {ScalingScenario.StatisticsSettle.TotalSeconds:0} s after the run's end (PostgreSQL flushes an idle backend's statistics up to 10 s late), "
            + "everything included (the engine, Hangfire.PostgreSql, Quartz, and the benchmark's own poll every 250 ms; the idle engine's few transactions a second "
            + "during those seconds too); commands = the database commands this "
            + "process sent (Npgsql's tracing; a batch counts once). Peak RSS = this process's highest `VmRSS` sampled every 250 ms during the run (engine, "
            + $"Hangfire and the benchmark in one process). A run still going after {ScalingScenario.Limit.TotalMinutes:0} min is reported with what it had done, "
            + "and the larger shapes are then skipped.").AppendLine();
        md.AppendLine("| Shape | Tasks | Succeeded | Time | Tasks/s | Per task | Transactions per task | Commands per task | Peak RSS |")
            .AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var s in results)
        {
            var time = s.Finished ? $"{s.Elapsed.TotalSeconds:0.0} s" : $"unfinished at {s.Elapsed.TotalSeconds:0} s";
            md.AppendLine($"| {s.Shape} | {s.Tasks:N0} | {s.Succeeded:N0} | {time} | {s.TasksPerSecond:0.0} | {Ms(s.PerTask.TotalMilliseconds)} | {s.TransactionsPerTask:0.00} | {s.CommandsPerTask:0.0} | {s.PeakRssMb:0} MB |");
        }

        md.AppendLine();
    }

    private static void Idle(StringBuilder md, IdleTransactionsResult? i)
    {
        if (i is null)
        {
            return;
        }

        md.AppendLine("## 12. Idle standalone: metadata transactions").AppendLine();
        md.AppendLine("The `dataengineer` executable in standalone mode (scheduler, worker, web) on the repository's example DAGs (`dags/`, paused at creation, so "
            + "nothing runs), against a metadata database of its own, 15 s after it was ready: the database's transactions (`pg_stat_database` "
            + $"`xact_commit + xact_rollback`) over {i.Window.TotalSeconds:0} s, and which tables were scanned (sequential + index scans) or written "
            + "(`pg_stat_user_tables`) in that window: who polls.").AppendLine();
        md.AppendLine($"**{i.Transactions:N0} transactions in {i.Window.TotalSeconds:0} s: {i.PerSecond:0.0} per second.**").AppendLine();
        md.AppendLine("| Table | Scans | Rows written | Scans per second |").AppendLine("|---|---|---|---|");
        foreach (var t in i.Tables.Take(15))
        {
            md.AppendLine($"| {t.Table} | {t.Scans:N0} | {t.Writes:N0} | {t.Scans / i.Window.TotalSeconds:0.0} |");
        }

        md.AppendLine();
    }
}
