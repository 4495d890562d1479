using Microsoft.Extensions.Logging;
using Npgsql;

namespace DataEngineer.Sdk.Postgres;

/// <summary>Runs quality checks from a task and records their results with the try.</summary>
public static class QualityChecks
{
    /// <summary>
    /// Runs every check on <paramref name="target"/>, records each result (<c>checks list &lt;run_id&gt;</c> shows them)
    /// and logs it; then fails the task if an error-severity check failed, naming each with its failing count and
    /// sample. Warnings are recorded and the task goes on. Values of PII-classified columns in the samples are masked
    /// (<see cref="TaskContext.MaskRow"/>) before anything is recorded, logged or reported.
    /// </summary>
    /// <param name="context">The task's context.</param>
    /// <param name="connection">An open connection to the database holding the target.</param>
    /// <param name="target">The table or query to check.</param>
    /// <param name="checks">The checks.</param>
    /// <param name="asOf">Reference time of freshness checks; the data interval's end by default.</param>
    /// <returns>The results, in the checks' order (when none failed with error severity).</returns>
    /// <exception cref="TaskFailedException">An error-severity check failed.</exception>
    public static async Task<IReadOnlyList<CheckResult>> RunChecksAsync(
        this TaskContext context, NpgsqlConnection connection, CheckTarget target, IEnumerable<QualityCheck> checks, DateTimeOffset? asOf = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(checks);
        var results = new List<CheckResult>();
        foreach (var check in checks)
        {
            var result = await check.RunAsync(connection, target, asOf ?? context.DataInterval.End, ct: context.CancellationToken);
            result = result with { Sample = [.. result.Sample.Select(row => context.MaskRow(target.Display, row))] };
            context.Data.RecordCheck(result);
            results.Add(result);
            if (result.Passed)
            {
                context.Logger.LogInformation("Check {Check} ({Kind}) on {Target}: passed", result.Name, result.Kind, result.Target);
            }
            else
            {
                context.Logger.Log(result.Severity == CheckSeverity.Error ? LogLevel.Error : LogLevel.Warning,
                    "Check {Check} ({Kind}) on {Target}: {Failing} failing rows, e.g. {Sample}", result.Name, result.Kind, result.Target, result.FailingCount, string.Join(" ", result.Sample.Take(3)));
            }
        }

        var failed = results.Where(r => !r.Passed && r.Severity == CheckSeverity.Error).ToList();
        if (failed.Count > 0)
        {
            context.Fail("Quality checks failed: " + string.Join("; ", failed.Select(r =>
                $"'{r.Name}' ({r.Kind}) on {r.Target}: {r.FailingCount} failing rows, e.g. {(r.Sample.Count > 0 ? r.Sample[0] : "")}")));
        }

        return results;
    }
}
