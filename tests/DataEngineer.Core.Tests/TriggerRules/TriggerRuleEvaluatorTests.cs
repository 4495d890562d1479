// Semantics followed: Apache Airflow 3.1's TriggerRuleDep
// (airflow-core/src/airflow/ti_deps/deps/trigger_rule_dep.py, _evaluate_direct_relatives) for a task
// that is not dynamically mapped, as the scheduler runs it with flag_upstream_failed on: first the
// early skipped/upstream_failed block, then the "dependency met" check. all_done_min_one_success is
// new in 3.1; the other eleven rules read the same in Airflow 2.7+. Older releases differed (1.10's
// one_success skipped instead of upstream_failed when nothing succeeded; 1.10's none_failed skipped
// when every upstream was skipped). Each InlineData row was worked out by hand from that code;
// AirflowReference below restates its two phases as an independent oracle.
using DataEngineer.Core.States;
using DataEngineer.Core.TriggerRules;
using DataEngineer.Sdk;
using Xunit;

namespace DataEngineer.Core.Tests.TriggerRules;

public sealed class TriggerRuleEvaluatorTests
{
    private const TriggerDecision Run = TriggerDecision.Run;
    private const TriggerDecision Wait = TriggerDecision.Wait;
    private const TriggerDecision Skip = TriggerDecision.Skip;
    private const TriggerDecision UpstreamFailed = TriggerDecision.UpstreamFailed;

    [Theory]
    [InlineData("success,success,success", Run)]
    [InlineData("success", Run)]
    [InlineData("success,running,failed", UpstreamFailed)]
    [InlineData("success,upstream_failed", UpstreamFailed)]
    [InlineData("failed,skipped", UpstreamFailed)]
    [InlineData("skipped,running", Skip)]
    [InlineData("success,skipped", Skip)]
    [InlineData("skipped,skipped", Skip)]
    [InlineData("success,running", Wait)]
    [InlineData("success,up_for_retry", Wait)]
    [InlineData("none,scheduled,queued", Wait)]
    [InlineData("success,removed", Wait)]
    public void Evaluate_AllSuccess_MatchesAirflow(string upstream, TriggerDecision expected) =>
        Assert.Equal(expected, Evaluate(TriggerRule.AllSuccess, upstream));

    [Theory]
    [InlineData("failed,failed", Run)]
    [InlineData("failed,upstream_failed", Run)]
    [InlineData("upstream_failed", Run)]
    [InlineData("failed,success", Skip)]
    [InlineData("failed,running,skipped", Skip)]
    [InlineData("skipped,skipped", Skip)]
    [InlineData("failed,running", Wait)]
    [InlineData("failed,up_for_retry", Wait)]
    [InlineData("failed,removed", Wait)]
    public void Evaluate_AllFailed_MatchesAirflow(string upstream, TriggerDecision expected) =>
        Assert.Equal(expected, Evaluate(TriggerRule.AllFailed, upstream));

    [Theory]
    [InlineData("success,failed,skipped,upstream_failed,removed", Run)]
    [InlineData("skipped,skipped", Run)]
    [InlineData("failed,failed", Run)]
    [InlineData("success,running", Wait)]
    [InlineData("failed,up_for_retry", Wait)]
    [InlineData("none", Wait)]
    public void Evaluate_AllDone_MatchesAirflow(string upstream, TriggerDecision expected) =>
        Assert.Equal(expected, Evaluate(TriggerRule.AllDone, upstream));

    [Theory]
    [InlineData("success,failed", Run)]
    [InlineData("success,success", Run)]
    [InlineData("success,upstream_failed", Run)]
    [InlineData("success,removed", Run)]
    [InlineData("failed,failed", UpstreamFailed)]
    [InlineData("failed,upstream_failed", UpstreamFailed)]
    [InlineData("removed", UpstreamFailed)]
    [InlineData("success,skipped", Skip)]
    [InlineData("skipped,running", Skip)]
    [InlineData("skipped,skipped", Skip)]
    [InlineData("failed,skipped", Skip)]
    [InlineData("success,running", Wait)]
    [InlineData("failed,running", Wait)]
    public void Evaluate_AllDoneMinOneSuccess_MatchesAirflow(string upstream, TriggerDecision expected) =>
        Assert.Equal(expected, Evaluate(TriggerRule.AllDoneMinOneSuccess, upstream));

    [Theory]
    [InlineData("skipped,skipped", Run)]
    [InlineData("skipped", Run)]
    [InlineData("skipped,success", Skip)]
    [InlineData("skipped,failed", Skip)]
    [InlineData("running,upstream_failed", Skip)]
    [InlineData("skipped,running", Wait)]
    [InlineData("skipped,removed", Wait)]
    public void Evaluate_AllSkipped_MatchesAirflow(string upstream, TriggerDecision expected) =>
        Assert.Equal(expected, Evaluate(TriggerRule.AllSkipped, upstream));

    [Theory]
    [InlineData("failed,running,none", Run)]
    [InlineData("upstream_failed,running", Run)]
    [InlineData("success,failed", Run)]
    [InlineData("success,success", Skip)]
    [InlineData("success,skipped,removed", Skip)]
    [InlineData("skipped", Skip)]
    [InlineData("success,running", Wait)]
    [InlineData("up_for_retry,success", Wait)]
    public void Evaluate_OneFailed_MatchesAirflow(string upstream, TriggerDecision expected) =>
        Assert.Equal(expected, Evaluate(TriggerRule.OneFailed, upstream));

    [Theory]
    [InlineData("success,running,none", Run)]
    [InlineData("success,failed", Run)]
    [InlineData("failed,skipped,success", Run)]
    [InlineData("skipped,skipped", Skip)]
    [InlineData("failed,failed", UpstreamFailed)]
    [InlineData("failed,skipped", UpstreamFailed)]
    [InlineData("upstream_failed", UpstreamFailed)]
    [InlineData("skipped,removed", UpstreamFailed)]
    [InlineData("removed", UpstreamFailed)]
    [InlineData("failed,running", Wait)]
    [InlineData("skipped,queued", Wait)]
    public void Evaluate_OneSuccess_MatchesAirflow(string upstream, TriggerDecision expected) =>
        Assert.Equal(expected, Evaluate(TriggerRule.OneSuccess, upstream));

    [Theory]
    [InlineData("success,running", Run)]
    [InlineData("failed,none", Run)]
    [InlineData("skipped,success", Run)]
    [InlineData("skipped,skipped", Skip)]
    [InlineData("upstream_failed,skipped", Skip)]
    [InlineData("upstream_failed", Skip)]
    [InlineData("removed,skipped", Skip)]
    [InlineData("upstream_failed,running", Wait)]
    [InlineData("skipped,up_for_retry", Wait)]
    public void Evaluate_OneDone_MatchesAirflow(string upstream, TriggerDecision expected) =>
        Assert.Equal(expected, Evaluate(TriggerRule.OneDone, upstream));

    [Theory]
    [InlineData("success,success", Run)]
    [InlineData("success,skipped", Run)]
    [InlineData("skipped,skipped", Run)]
    [InlineData("failed,running", UpstreamFailed)]
    [InlineData("upstream_failed,success", UpstreamFailed)]
    [InlineData("success,running", Wait)]
    [InlineData("skipped,removed", Wait)]
    [InlineData("success,removed", Wait)]
    public void Evaluate_NoneFailed_MatchesAirflow(string upstream, TriggerDecision expected) =>
        Assert.Equal(expected, Evaluate(TriggerRule.NoneFailed, upstream));

    [Theory]
    [InlineData("success,skipped", Run)]
    [InlineData("success,success", Run)]
    [InlineData("skipped,skipped", Skip)]
    [InlineData("skipped", Skip)]
    [InlineData("failed,skipped", UpstreamFailed)]
    [InlineData("upstream_failed,running", UpstreamFailed)]
    [InlineData("skipped,running", Wait)]
    [InlineData("success,running", Wait)]
    [InlineData("skipped,removed", Wait)]
    [InlineData("removed,removed", Wait)]
    public void Evaluate_NoneFailedMinOneSuccess_MatchesAirflow(string upstream, TriggerDecision expected) =>
        Assert.Equal(expected, Evaluate(TriggerRule.NoneFailedMinOneSuccess, upstream));

    [Theory]
    [InlineData("success,success", Run)]
    [InlineData("success,failed,upstream_failed", Run)]
    [InlineData("success,removed", Run)]
    [InlineData("skipped,running", Skip)]
    [InlineData("success,skipped", Skip)]
    [InlineData("success,running", Wait)]
    public void Evaluate_NoneSkipped_MatchesAirflow(string upstream, TriggerDecision expected) =>
        Assert.Equal(expected, Evaluate(TriggerRule.NoneSkipped, upstream));

    [Theory]
    [InlineData("running,none")]
    [InlineData("failed,upstream_failed")]
    [InlineData("skipped")]
    [InlineData("none")]
    public void Evaluate_AlwaysWithAnyUpstreams_Runs(string upstream) =>
        Assert.Equal(Run, Evaluate(TriggerRule.Always, upstream));

    [Theory]
    [MemberData(nameof(AllRules))]
    public void Evaluate_NoUpstreamTasks_Runs(TriggerRule rule) =>
        Assert.Equal(Run, TriggerRuleEvaluator.Evaluate(rule, default));

    [Theory]
    [MemberData(nameof(AllRules))]
    public void Evaluate_EveryCombinationOfUpToFourUpstreams_MatchesAirflowReference(TriggerRule rule)
    {
        foreach (var states in Combinations(Enum.GetValues<TaskInstanceState>(), 4))
        {
            var upstream = UpstreamSummary.Of(states);
            Assert.True(
                AirflowReference(rule, upstream) == TriggerRuleEvaluator.Evaluate(rule, upstream),
                $"{TriggerRuleEvaluator.Name(rule)} with [{string.Join(", ", states.Select(StateNames.Of))}]");
        }
    }

    [Fact]
    public void Evaluate_UndefinedRule_ThrowsArgumentOutOfRange() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => TriggerRuleEvaluator.Evaluate((TriggerRule)99, Summary("success")));

    [Fact]
    public void Evaluate_UndefinedRuleWithNoUpstreams_ThrowsArgumentOutOfRange() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => TriggerRuleEvaluator.Evaluate((TriggerRule)(-1), default));

    [Fact]
    public void Evaluate_MoreDoneThanTotal_ThrowsArgument() =>
        Assert.Throws<ArgumentException>(() => TriggerRuleEvaluator.Evaluate(TriggerRule.AllDone, new UpstreamSummary(1, 1, 1, 0, 0, 0)));

    [Fact]
    public void Evaluate_NegativeCount_ThrowsArgument() =>
        Assert.Throws<ArgumentException>(() => TriggerRuleEvaluator.Evaluate(TriggerRule.AllDone, new UpstreamSummary(2, 2, 0, -1, 0, 0)));

    [Theory]
    [InlineData(TriggerRule.AllSuccess, "all_success")]
    [InlineData(TriggerRule.AllFailed, "all_failed")]
    [InlineData(TriggerRule.AllDone, "all_done")]
    [InlineData(TriggerRule.AllDoneMinOneSuccess, "all_done_min_one_success")]
    [InlineData(TriggerRule.AllSkipped, "all_skipped")]
    [InlineData(TriggerRule.OneFailed, "one_failed")]
    [InlineData(TriggerRule.OneSuccess, "one_success")]
    [InlineData(TriggerRule.OneDone, "one_done")]
    [InlineData(TriggerRule.NoneFailed, "none_failed")]
    [InlineData(TriggerRule.NoneFailedMinOneSuccess, "none_failed_min_one_success")]
    [InlineData(TriggerRule.NoneSkipped, "none_skipped")]
    [InlineData(TriggerRule.Always, "always")]
    public void Name_DefinedRule_ReturnsAirflowSpelling(TriggerRule rule, string expected) =>
        Assert.Equal(expected, TriggerRuleEvaluator.Name(rule));

    [Fact]
    public void Name_UndefinedRule_ThrowsArgumentOutOfRange() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => TriggerRuleEvaluator.Name((TriggerRule)99));

    [Theory]
    [InlineData(TriggerRule.AllSuccess, "success,running,failed", "all_success: 1 of 3 upstream tasks failed")]
    [InlineData(TriggerRule.AllSuccess, "upstream_failed", "all_success: the upstream task is upstream_failed")]
    [InlineData(TriggerRule.AllSuccess, "failed,upstream_failed,success", "all_success: 2 of 3 upstream tasks failed or are upstream_failed")]
    [InlineData(TriggerRule.AllSuccess, "success,skipped,skipped", "all_success: 2 of 3 upstream tasks were skipped")]
    [InlineData(TriggerRule.AllSuccess, "success,success,success", "all_success: all 3 upstream tasks succeeded")]
    [InlineData(TriggerRule.AllSuccess, "success,running,none", "all_success: waiting for 2 of 3 upstream tasks to finish (1 success, 2 not done)")]
    [InlineData(TriggerRule.AllSuccess, "success,removed", "all_success: 1 of 2 upstream tasks was removed, so the rule can never be met")]
    [InlineData(TriggerRule.AllSuccess, "", "all_success: no upstream tasks, so it runs")]
    [InlineData(TriggerRule.AllFailed, "failed,success,skipped", "all_failed: 2 of 3 upstream tasks succeeded or were skipped")]
    [InlineData(TriggerRule.OneSuccess, "failed,running", "one_success: none succeeded yet, waiting for 1 of 2 upstream tasks to finish (1 failed, 1 not done)")]
    [InlineData(TriggerRule.OneSuccess, "failed,skipped", "one_success: both upstream tasks are done and none succeeded (1 skipped, 1 failed)")]
    [InlineData(TriggerRule.OneFailed, "success,failed,running", "one_failed: 1 of 3 upstream tasks failed")]
    [InlineData(TriggerRule.NoneFailedMinOneSuccess, "skipped,skipped", "none_failed_min_one_success: both upstream tasks were skipped")]
    [InlineData(TriggerRule.AllDoneMinOneSuccess, "success,failed", "all_done_min_one_success: both upstream tasks are done, none skipped, at least one succeeded (1 success, 1 failed)")]
    [InlineData(TriggerRule.Always, "running", "always: runs at once, without waiting for upstream tasks")]
    public void Explain_GivenUpstreams_ReturnsShortReason(TriggerRule rule, string upstream, string expected) =>
        Assert.Equal(expected, TriggerRuleEvaluator.Explain(rule, Summary(upstream)));

    [Theory]
    [MemberData(nameof(AllRules))]
    public void Explain_EveryCombinationOfUpToThreeUpstreams_IsOneLineNamingTheRule(TriggerRule rule)
    {
        foreach (var states in Combinations(Enum.GetValues<TaskInstanceState>(), 3))
        {
            var reason = TriggerRuleEvaluator.Explain(rule, UpstreamSummary.Of(states));
            Assert.StartsWith(TriggerRuleEvaluator.Name(rule) + ": ", reason, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', reason);
            Assert.DoesNotContain("0 of", reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Explain_UndefinedRule_ThrowsArgumentOutOfRange() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => TriggerRuleEvaluator.Explain((TriggerRule)99, Summary("success")));

    [Fact]
    public void Of_EveryState_CountsFinishedStatesAsDone()
    {
        var summary = UpstreamSummary.Of(Enum.GetValues<TaskInstanceState>());

        Assert.Equal(new UpstreamSummary(Total: 12, Success: 1, Skipped: 1, Failed: 1, UpstreamFailed: 1, Removed: 1), summary);
        Assert.Equal(5, summary.Done);
        Assert.Equal(7, summary.NotDone);
    }

    [Fact]
    public void Of_NoStates_IsEmpty() =>
        Assert.Equal(default, UpstreamSummary.Of([]));

    [Fact]
    public void Of_UndefinedState_ThrowsArgumentOutOfRange() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => UpstreamSummary.Of([TaskInstanceState.Success, (TaskInstanceState)42]));

    [Fact]
    public void Of_Null_ThrowsArgumentNull() =>
        Assert.Throws<ArgumentNullException>(() => UpstreamSummary.Of(null!));

    public static TheoryData<TriggerRule> AllRules() => new(Enum.GetValues<TriggerRule>());

    /// <summary>
    /// Airflow's two phases, restated literally for a non-mapped task: phase one may set the task
    /// to skipped or upstream_failed (flag_upstream_failed), phase two says whether the dependency is
    /// met. A state set in phase one is final, so it wins over phase two.
    /// </summary>
    private static TriggerDecision AirflowReference(TriggerRule rule, UpstreamSummary u)
    {
        // _get_dep_statuses: no upstream tasks, or always, passes before any counting.
        if (u.Total == 0 || rule == TriggerRule.Always)
        {
            return Run;
        }

        int upstream = u.Total, success = u.Success, skipped = u.Skipped, failed = u.Failed;
        int upstreamFailed = u.UpstreamFailed, removed = u.Removed, done = u.Done;
        var upstreamDone = done >= upstream;

        TriggerDecision? newState = rule switch
        {
            TriggerRule.AllSuccess when upstreamFailed > 0 || failed > 0 => UpstreamFailed,
            TriggerRule.AllSuccess when skipped > 0 => Skip,
            TriggerRule.AllFailed when success > 0 || skipped > 0 => Skip,
            TriggerRule.OneSuccess when upstreamDone && done == skipped => Skip,
            TriggerRule.OneSuccess when upstreamDone && success <= 0 => UpstreamFailed,
            TriggerRule.OneFailed when upstreamDone && failed == 0 && upstreamFailed == 0 => Skip,
            TriggerRule.OneDone when upstreamDone && failed == 0 && success == 0 => Skip,
            TriggerRule.NoneFailed when upstreamFailed > 0 || failed > 0 => UpstreamFailed,
            TriggerRule.NoneFailedMinOneSuccess when upstreamFailed > 0 || failed > 0 => UpstreamFailed,
            TriggerRule.NoneFailedMinOneSuccess when skipped == upstream => Skip,
            TriggerRule.NoneSkipped when skipped > 0 => Skip,
            TriggerRule.AllSkipped when success > 0 || failed > 0 || upstreamFailed > 0 => Skip,
            TriggerRule.AllDoneMinOneSuccess when skipped > 0 => Skip,
            TriggerRule.AllDoneMinOneSuccess when success + failed + upstreamFailed + removed >= upstream - skipped && success == 0 => UpstreamFailed,
            _ => null,
        };
        if (newState is { } settled)
        {
            return settled;
        }

        var met = rule switch
        {
            TriggerRule.OneSuccess => success > 0,
            TriggerRule.OneFailed => failed > 0 || upstreamFailed > 0,
            TriggerRule.OneDone => success + failed > 0,
            TriggerRule.AllSuccess => upstream - success <= 0,
            TriggerRule.AllFailed => upstream - failed - upstreamFailed <= 0,
            TriggerRule.AllDone => upstreamDone,
            TriggerRule.NoneFailed or TriggerRule.NoneFailedMinOneSuccess => upstream - success - skipped <= 0,
            TriggerRule.NoneSkipped => upstreamDone && skipped == 0,
            TriggerRule.AllSkipped => upstream - skipped <= 0,
            TriggerRule.AllDoneMinOneSuccess =>
                skipped == 0 && success + failed + upstreamFailed + removed >= upstream - skipped && success > 0,
            _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, null),
        };
        return met ? Run : Wait;
    }

    private static TriggerDecision Evaluate(TriggerRule rule, string upstream) =>
        TriggerRuleEvaluator.Evaluate(rule, Summary(upstream));

    /// <summary>Upstream states as Airflow spells them, comma-separated; "" is no upstream tasks.</summary>
    private static UpstreamSummary Summary(string upstream) =>
        UpstreamSummary.Of(upstream.Length == 0 ? [] : upstream.Split(',').Select(ParseState));

    private static TaskInstanceState ParseState(string name) =>
        Enum.GetValues<TaskInstanceState>().Single(state => StateNames.Of(state) == name);

    /// <summary>Every multiset of 0..maxCount states, each once (order does not matter to a summary).</summary>
    private static IEnumerable<TaskInstanceState[]> Combinations(TaskInstanceState[] states, int maxCount)
    {
        IEnumerable<TaskInstanceState[]> Grow(TaskInstanceState[] prefix, int from)
        {
            yield return prefix;
            if (prefix.Length == maxCount)
            {
                yield break;
            }

            for (var i = from; i < states.Length; i++)
            {
                foreach (var longer in Grow([.. prefix, states[i]], i))
                {
                    yield return longer;
                }
            }
        }

        return Grow([], 0);
    }
}
