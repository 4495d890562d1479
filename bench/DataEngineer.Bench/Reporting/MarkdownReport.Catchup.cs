using System.Text;
using DataEngineer.Bench.Scenarios;

namespace DataEngineer.Bench.Reporting;

/// <summary>The catchup scenario's section: where the time of a long catchup goes.</summary>
public static partial class MarkdownReport
{
    private static void Catchup(StringBuilder md, CatchupResult? c)
    {
        if (c is null)
        {
            return;
        }

        md.AppendLine("## 10. Catchup").AppendLine();
        md.AppendLine($"A daily 4-task chain of no-op tasks with catchup from {c.Days} days ago, max active runs {c.MaxActiveRuns}: the scheduler creates "
            + "every run itself. From the runs' own timestamps: the wait from a run's creation to its start, the run itself, and how long a run slot "
            + "freed by a finished run stayed empty before the next run was created in it.").AppendLine();
        md.AppendLine($"**{c.Succeeded} of {c.Runs} runs succeeded; first run created → last run finished {c.FirstCreatedToLastEnded.TotalSeconds:0.00} s "
            + $"(engine start → last run finished {c.EngineStartToLastEnded.TotalSeconds:0.00} s); {c.MeanActiveRuns:0.0} runs active on average; "
            + $"{c.TransactionsPerRun:0.0} metadata transactions and {c.HangfireJobsPerRun:0.00} Hangfire jobs per run.**").AppendLine();
        DistributionTable(md, ("Run created → started", c.CreatedToStarted), ("Run started → ended", c.StartedToEnded), ("Slot freed → next run created", c.SlotRefill));
    }
}
