using System.Text;
using DataEngineer.Sdk;

namespace DataEngineer.Core.TriggerRules;

/// <summary>The wording behind <see cref="TriggerRuleEvaluator.Explain"/>; kept apart so the rules stay readable.</summary>
internal static class TriggerRuleReasons
{
    public static string Of(TriggerRule rule, UpstreamSummary u, TriggerDecision decision)
    {
        var n = u.Total;
        if (n == 0)
        {
            return "no upstream tasks, so it runs";
        }

        if (rule == TriggerRule.Always)
        {
            return "runs at once, without waiting for upstream tasks";
        }

        if (decision == TriggerDecision.Wait)
        {
            return Waiting(rule, u);
        }

        var all = Subject(n, n);
        var b = Breakdown(u);
        return (rule, decision) switch
        {
            (TriggerRule.AllSuccess, TriggerDecision.UpstreamFailed) => Failures(u),
            (TriggerRule.AllSuccess, TriggerDecision.Skip) => Skips(u),
            (TriggerRule.AllSuccess, _) => $"{all} succeeded",
            (TriggerRule.AllFailed, TriggerDecision.Skip) => SuccessesOrSkips(u),
            (TriggerRule.AllFailed, _) => Failures(u),
            (TriggerRule.AllDone, _) => $"{all} {Is(n)} done ({b})",
            (TriggerRule.AllDoneMinOneSuccess, TriggerDecision.Skip) => Skips(u),
            (TriggerRule.AllDoneMinOneSuccess, TriggerDecision.UpstreamFailed) => DoneWithout(u, "succeed", "succeeded"),
            (TriggerRule.AllDoneMinOneSuccess, _) when n == 1 => $"{all} succeeded",
            (TriggerRule.AllDoneMinOneSuccess, _) => $"{all} are done, none skipped, at least one succeeded ({b})",
            (TriggerRule.AllSkipped, TriggerDecision.Skip) => NotSkipped(u),
            (TriggerRule.AllSkipped, _) => $"{all} {Was(n)} skipped",
            (TriggerRule.OneFailed, TriggerDecision.Run) => Failures(u),
            (TriggerRule.OneFailed, _) => DoneWithout(u, "fail", "failed"),
            (TriggerRule.OneSuccess, TriggerDecision.Run) => $"{Subject(u.Success, n)} succeeded",
            (TriggerRule.OneSuccess, TriggerDecision.Skip) => $"{all} {Was(n)} skipped",
            (TriggerRule.OneSuccess, _) => DoneWithout(u, "succeed", "succeeded"),
            (TriggerRule.OneDone, TriggerDecision.Run) => SuccessesOrFailures(u),
            (TriggerRule.OneDone, _) => DoneWithout(u, "succeed or fail", "succeeded or failed"),
            (TriggerRule.NoneFailed, TriggerDecision.UpstreamFailed) => Failures(u),
            (TriggerRule.NoneFailed, _) when n == 1 => u.Success == 1 ? $"{all} succeeded" : $"{all} was skipped",
            (TriggerRule.NoneFailed, _) => $"{all} succeeded or were skipped ({b})",
            (TriggerRule.NoneFailedMinOneSuccess, TriggerDecision.UpstreamFailed) => Failures(u),
            (TriggerRule.NoneFailedMinOneSuccess, TriggerDecision.Skip) => $"{all} {Was(n)} skipped",
            (TriggerRule.NoneFailedMinOneSuccess, _) when n == 1 => $"{all} succeeded",
            (TriggerRule.NoneFailedMinOneSuccess, _) => $"{all} succeeded or were skipped, at least one succeeded ({b})",
            (TriggerRule.NoneSkipped, TriggerDecision.Skip) => Skips(u),
            (TriggerRule.NoneSkipped, _) when n == 1 => $"{all} is done and was not skipped ({b})",
            (TriggerRule.NoneSkipped, _) => $"{all} are done and none was skipped ({b})",
            _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, "Not a defined trigger rule."),
        };
    }

    private static string Waiting(TriggerRule rule, UpstreamSummary u)
    {
        // These rules need every upstream task in one particular state; removed is none of them.
        if (u.Removed > 0 && rule is TriggerRule.AllSuccess or TriggerRule.AllFailed or TriggerRule.AllSkipped
                or TriggerRule.NoneFailed or TriggerRule.NoneFailedMinOneSuccess)
        {
            return $"{Subject(u.Removed, u.Total)} {Was(u.Removed)} removed, so the rule can never be met";
        }

        var pending = $"waiting for {Subject(u.NotDone, u.Total)} to finish ({Breakdown(u)})";
        return rule switch
        {
            TriggerRule.OneFailed => $"none failed yet, {pending}",
            TriggerRule.OneSuccess => $"none succeeded yet, {pending}",
            TriggerRule.OneDone => $"none succeeded or failed yet, {pending}",
            _ => pending,
        };
    }

    private static string Failures(UpstreamSummary u)
    {
        var count = u.Failed + u.UpstreamFailed;
        var subject = Subject(count, u.Total);
        if (u.UpstreamFailed == 0)
        {
            return $"{subject} failed";
        }

        return u.Failed == 0
            ? $"{subject} {Is(count)} upstream_failed"
            : $"{subject} failed or {Is(count)} upstream_failed";
    }

    /// <summary>"all 3 upstream tasks are done and none succeeded (...)", or for one upstream task "... but did not succeed".</summary>
    private static string DoneWithout(UpstreamSummary u, string didNot, string noneDid) =>
        u.Total == 1
            ? $"{Subject(1, 1)} is done but did not {didNot} ({Breakdown(u)})"
            : $"{Subject(u.Total, u.Total)} are done and none {noneDid} ({Breakdown(u)})";

    private static string NotSkipped(UpstreamSummary u)
    {
        var count = u.Success + u.Failed + u.UpstreamFailed;
        return count == u.Total && u.Total > 1
            ? $"no upstream task was skipped ({Breakdown(u)})"
            : $"{Subject(count, u.Total)} {Was(count)} not skipped ({Breakdown(u)})";
    }

    private static string Skips(UpstreamSummary u) => $"{Subject(u.Skipped, u.Total)} {Was(u.Skipped)} skipped";

    private static string SuccessesOrSkips(UpstreamSummary u)
    {
        if (u.Skipped == 0)
        {
            return $"{Subject(u.Success, u.Total)} succeeded";
        }

        if (u.Success == 0)
        {
            return Skips(u);
        }

        var count = u.Success + u.Skipped;
        return $"{Subject(count, u.Total)} succeeded or {Was(count)} skipped";
    }

    private static string SuccessesOrFailures(UpstreamSummary u)
    {
        if (u.Failed == 0)
        {
            return $"{Subject(u.Success, u.Total)} succeeded";
        }

        return u.Success == 0
            ? $"{Subject(u.Failed, u.Total)} failed"
            : $"{Subject(u.Success + u.Failed, u.Total)} succeeded or failed";
    }

    /// <summary>"the upstream task", "both upstream tasks", "all 3 upstream tasks" or "1 of 3 upstream tasks".</summary>
    private static string Subject(int count, int total) =>
        total == 1 ? "the upstream task"
        : count == total && total == 2 ? "both upstream tasks"
        : count == total ? $"all {total} upstream tasks"
        : $"{count} of {total} upstream tasks";

    private static string Was(int count) => count == 1 ? "was" : "were";

    private static string Is(int count) => count == 1 ? "is" : "are";

    /// <summary>The non-zero counts, e.g. "2 success, 1 failed, 1 not done".</summary>
    private static string Breakdown(UpstreamSummary u)
    {
        var text = new StringBuilder();
        Append(text, u.Success, "success");
        Append(text, u.Skipped, "skipped");
        Append(text, u.Failed, "failed");
        Append(text, u.UpstreamFailed, "upstream_failed");
        Append(text, u.Removed, "removed");
        Append(text, u.NotDone, "not done");
        return text.ToString();
    }

    private static void Append(StringBuilder text, int count, string state)
    {
        if (count == 0)
        {
            return;
        }

        if (text.Length > 0)
        {
            text.Append(", ");
        }

        text.Append(count).Append(' ').Append(state);
    }
}
