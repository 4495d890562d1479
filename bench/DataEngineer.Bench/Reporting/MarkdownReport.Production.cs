using System.Text;
using DataEngineer.Bench.Scenarios;

namespace DataEngineer.Bench.Reporting;

/// <summary>The summary rows of the later targets (UI, observability overhead, memory) and the standalone memory section.</summary>
public static partial class MarkdownReport
{
    private static void LaterRows(StringBuilder md, List<string> missed, BenchResults r)
    {
        if (r.UiRender is { } u)
        {
            foreach (var (page, d) in new[] { ("DAGs page", u.DagsPage), ("DAG grid", u.DagGrid), ("Run page", u.RunPage) })
            {
                Row(md, missed, $"UI server render, {page}, p95 ({u.Dags:N0} DAGs, {u.Runs:N0} runs)", $"≤ {Targets.UiP95Ms:0} ms", d.P95, Targets.UiP95Ms, "n/a");
            }
        }

        if (r.Quality is { } q)
        {
            Row(md, missed, "Observability overhead on a no-op task, p50", $"< {Targets.ObservabilityOverheadMs:0} ms", q.RecorderWhenEmpty.P50, Targets.ObservabilityOverheadMs, "n/a");
        }

        if (r.Catchup is { } c)
        {
            Row(md, missed, $"{c.Days}-day catchup of a 4-task DAG (first run created to last run finished; {c.Succeeded} of {c.Runs} runs succeeded)",
                $"≤ {Targets.CatchupMs / 1000:0} s", c.Runs >= c.Days && c.Succeeded == c.Runs ? c.FirstCreatedToLastEnded.TotalMilliseconds : double.PositiveInfinity, Targets.CatchupMs, "n/a");
        }

        if (r.LogLatency is { } l)
        {
            // What the try page shows is later than the store by up to one refresh of the page.
            var page = l.Lines == l.Expected ? l.StoreVisible.P99 + l.PageRefresh.TotalMilliseconds : double.PositiveInfinity;
            md.AppendLine($"| Log line written → readable in the store, p50 / p99 / max ({l.Lines} of {l.Expected} lines; {l.FlushInterval.TotalSeconds:0.#} s flush, "
                + $"{l.PollInterval.TotalMilliseconds:0} ms tail) | none set | {Ms(l.StoreVisible.P50)} / {Ms(l.StoreVisible.P99)} / {Ms(l.StoreVisible.Max)} | n/a | — |");
            Row(md, missed, $"Log line written → on the try page (store p99 + the page's {l.PageRefresh.TotalSeconds:0.#} s refresh)", $"≤ {Targets.LogVisibleMs / 1000:0} s", page, Targets.LogVisibleMs, "n/a");
        }

        if (r.StandaloneMemory is { } m)
        {
            md.AppendLine($"| Memory, standalone idle with {m.Dags:N0} DAGs, after a restart (resident / private) | none set | {m.WarmIdle.RssMb:0} MB / {m.WarmIdle.PrivateMb:0} MB | {Targets.AirflowMemory} | — |");
        }

        if (r.RawHangfire is { } raw)
        {
            md.AppendLine($"| Raw Hangfire.PostgreSql, {BenchRunner.RawJobs:N0} no-op jobs, same run | the floor for throughput | {raw.JobsPerSecond:0} jobs/s | — | — |");
        }
    }

    private static void StandaloneMemory(StringBuilder md, StandaloneMemoryResult? m)
    {
        if (m is null)
        {
            return;
        }

        md.AppendLine("## 9. Memory: standalone idle with 1,000 DAGs").AppendLine();
        md.AppendLine($"The `dataengineer` executable started as a process in standalone mode (scheduler, worker and web in one process) on a folder of {m.Dags:N0} "
            + "generated DAG files (5 tasks each, one compilation unit per file), against this run's PostgreSQL (a database of its own). Ready = `/health/ready` "
            + "answers 200 (database, scheduler and worker checked in); idle = under 5% of one core over 5 s (new DAGs start paused, so nothing runs); then "
            + "`VmRSS` and `RssAnon` from `/proc/PID/status` and `Private_Clean + Private_Dirty` from `/proc/PID/smaps_rollup`. PostgreSQL's own memory is not included.").AppendLine();
        md.AppendLine("| Start | Ready after | Resident (VmRSS) | Private | Anonymous (heap) |").AppendLine("|---|---|---|---|---|");
        md.AppendLine($"| Cold: compiles all {m.Dags:N0} files (empty cache) | {m.ColdReady.TotalSeconds:0.0} s | {m.ColdIdle.RssMb:0} MB | {m.ColdIdle.PrivateMb:0} MB | {m.ColdIdle.AnonymousMb:0} MB |");
        md.AppendLine($"| Restart: every unit from the compiled-unit cache | {m.WarmReady.TotalSeconds:0.0} s | {m.WarmIdle.RssMb:0} MB | {m.WarmIdle.PrivateMb:0} MB | {m.WarmIdle.AnonymousMb:0} MB |").AppendLine();
        md.AppendLine($"Idle CPU when memory was read after the restart: {m.IdleCpuPercent:0.0}% of one core. A cold start keeps more: the compiler's working memory "
            + "is returned to the garbage collector but not all of it to the operating system.").AppendLine();
    }
}
