using DataEngineer.Sdk;

namespace DataEngineer.Core.TriggerRules;

/// <summary>
/// Decides, from the states of a task's direct upstream tasks, whether the task runs, waits, or is
/// settled early as <c>skipped</c> or <c>upstream_failed</c>. <see cref="Evaluate"/> is pure and
/// allocation-free, so the worker that finishes a task can evaluate every downstream task inside its
/// transaction.
/// </summary>
public static class TriggerRuleEvaluator
{
    /// <summary>Applies <paramref name="rule"/> to the upstream states.</summary>
    /// <remarks>
    /// <para>
    /// The semantics are Airflow 3.1's <c>TriggerRuleDep</c> for a task that is not dynamically mapped,
    /// as the scheduler applies it (<c>flag_upstream_failed</c> on): a rule that can no longer be met
    /// settles the task as soon as that is certain, without waiting for the other upstream tasks.
    /// n = number of direct upstream tasks; done = upstream tasks in success, skipped, failed,
    /// upstream_failed or removed; "failed" below includes upstream_failed except where noted.
    /// Where two columns match, upstream_failed wins over skipped and both win over runs; when none
    /// matches, the task waits.
    /// </para>
    /// <code>
    /// rule                         runs when                           skipped when                      upstream_failed when
    /// all_success (default)        all n succeeded                     any skipped                       any failed
    /// all_failed                   all n failed                        any succeeded or skipped          -
    /// all_done                     done = n                            -                                 -
    /// all_done_min_one_success     done = n and one succeeded          any skipped (at once)             done = n, none skipped or succeeded
    /// all_skipped                  all n skipped                       any succeeded or failed           -
    /// one_failed                   one failed (does not wait)          done = n, none failed             -
    /// one_success                  one succeeded (does not wait)       done = n, all skipped             done = n, none succeeded, not all skipped
    /// one_done                     one succeeded or failed (1)         done = n, none of those           -
    /// none_failed                  all n succeeded or skipped          -                                 any failed
    /// none_failed_min_one_success  all n succeeded or skipped (2)      all n skipped                     any failed
    /// none_skipped                 done = n and none skipped           any skipped (at once)             -
    /// always                       at once, whatever the upstreams     -                                 -
    /// </code>
    /// <para>
    /// (1) upstream_failed does not count as failed for one_done. (2) Airflow checks "min one success"
    /// only as "not all skipped": a run needs every upstream succeeded or skipped, so one succeeded.
    /// A task with no upstream tasks runs, whatever its rule. A removed upstream is done but counts as
    /// neither success, skip nor failure: all_done, all_done_min_one_success, none_skipped and the one_*
    /// rules treat it as finished (one_success with only skipped and removed upstreams is
    /// upstream_failed, not skipped), while all_success, all_failed, all_skipped, none_failed and
    /// none_failed_min_one_success can never run with one and wait (Airflow then fails the run as
    /// deadlocked). Not modelled: mapped task instances, setup/teardown constraints, depends_on_past.
    /// </para>
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rule"/> is not a defined trigger rule.</exception>
    /// <exception cref="ArgumentException"><paramref name="upstream"/> has a negative count or more done than total.</exception>
    public static TriggerDecision Evaluate(TriggerRule rule, UpstreamSummary upstream)
    {
        EnsureDefined(rule);
        EnsureConsistent(upstream);

        var n = upstream.Total;
        if (n == 0 || rule == TriggerRule.Always)
        {
            return TriggerDecision.Run;
        }

        var allDone = upstream.Done >= n;
        var failures = upstream.Failed + upstream.UpstreamFailed;
        var success = upstream.Success;
        var skipped = upstream.Skipped;

        return rule switch
        {
            TriggerRule.AllSuccess =>
                failures > 0 ? TriggerDecision.UpstreamFailed
                : skipped > 0 ? TriggerDecision.Skip
                : success == n ? TriggerDecision.Run
                : TriggerDecision.Wait,
            TriggerRule.AllFailed =>
                success + skipped > 0 ? TriggerDecision.Skip
                : failures == n ? TriggerDecision.Run
                : TriggerDecision.Wait,
            TriggerRule.AllDone =>
                allDone ? TriggerDecision.Run : TriggerDecision.Wait,
            TriggerRule.AllDoneMinOneSuccess =>
                skipped > 0 ? TriggerDecision.Skip
                : !allDone ? TriggerDecision.Wait
                : success == 0 ? TriggerDecision.UpstreamFailed
                : TriggerDecision.Run,
            TriggerRule.AllSkipped =>
                success + failures > 0 ? TriggerDecision.Skip
                : skipped == n ? TriggerDecision.Run
                : TriggerDecision.Wait,
            TriggerRule.OneFailed =>
                failures > 0 ? TriggerDecision.Run
                : allDone ? TriggerDecision.Skip
                : TriggerDecision.Wait,
            TriggerRule.OneSuccess =>
                success > 0 ? TriggerDecision.Run
                : !allDone ? TriggerDecision.Wait
                : upstream.Done == skipped ? TriggerDecision.Skip
                : TriggerDecision.UpstreamFailed,
            TriggerRule.OneDone =>
                success + upstream.Failed > 0 ? TriggerDecision.Run
                : allDone ? TriggerDecision.Skip
                : TriggerDecision.Wait,
            TriggerRule.NoneFailed =>
                failures > 0 ? TriggerDecision.UpstreamFailed
                : success + skipped == n ? TriggerDecision.Run
                : TriggerDecision.Wait,
            TriggerRule.NoneFailedMinOneSuccess =>
                failures > 0 ? TriggerDecision.UpstreamFailed
                : skipped == n ? TriggerDecision.Skip
                : success + skipped == n ? TriggerDecision.Run
                : TriggerDecision.Wait,
            TriggerRule.NoneSkipped =>
                skipped > 0 ? TriggerDecision.Skip
                : allDone ? TriggerDecision.Run
                : TriggerDecision.Wait,
            _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, "Not a defined trigger rule."),
        };
    }

    /// <summary>
    /// One line saying why <see cref="Evaluate"/> decides what it does, for logs and the UI,
    /// e.g. <c>all_success: 1 of 3 upstream tasks failed</c>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rule"/> is not a defined trigger rule.</exception>
    /// <exception cref="ArgumentException"><paramref name="upstream"/> has a negative count or more done than total.</exception>
    public static string Explain(TriggerRule rule, UpstreamSummary upstream) =>
        $"{Name(rule)}: {TriggerRuleReasons.Of(rule, upstream, Evaluate(rule, upstream))}";

    /// <summary>The rule's Airflow spelling: <c>all_success</c>, <c>none_failed_min_one_success</c>, ...</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rule"/> is not a defined trigger rule.</exception>
    public static string Name(TriggerRule rule) => rule switch
    {
        TriggerRule.AllSuccess => "all_success",
        TriggerRule.AllFailed => "all_failed",
        TriggerRule.AllDone => "all_done",
        TriggerRule.AllDoneMinOneSuccess => "all_done_min_one_success",
        TriggerRule.AllSkipped => "all_skipped",
        TriggerRule.OneFailed => "one_failed",
        TriggerRule.OneSuccess => "one_success",
        TriggerRule.OneDone => "one_done",
        TriggerRule.NoneFailed => "none_failed",
        TriggerRule.NoneFailedMinOneSuccess => "none_failed_min_one_success",
        TriggerRule.NoneSkipped => "none_skipped",
        TriggerRule.Always => "always",
        _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, "Not a defined trigger rule."),
    };

    private static void EnsureDefined(TriggerRule rule)
    {
        if (!Enum.IsDefined(rule))
        {
            throw new ArgumentOutOfRangeException(nameof(rule), rule, "Not a defined trigger rule.");
        }
    }

    private static void EnsureConsistent(UpstreamSummary upstream)
    {
        if (upstream.Total < 0 || upstream.Success < 0 || upstream.Skipped < 0 || upstream.Failed < 0
            || upstream.UpstreamFailed < 0 || upstream.Removed < 0)
        {
            throw new ArgumentException($"Upstream counts cannot be negative: {upstream}.", nameof(upstream));
        }

        if (upstream.Done > upstream.Total)
        {
            throw new ArgumentException(
                $"Upstream summary has {upstream.Done} done of {upstream.Total} upstream tasks: {upstream}.", nameof(upstream));
        }
    }
}
