// TEMPORARY stub until the trigger-rule helper delivers; delete.
using DataEngineer.Core.States;
using DataEngineer.Sdk;
namespace DataEngineer.Core.TriggerRules;
public readonly record struct UpstreamSummary(int Total) { public static UpstreamSummary Of(IEnumerable<TaskInstanceState> s) => throw new NotImplementedException(); }
public enum TriggerDecision { Wait, Run, Skip, UpstreamFailed }
public static class TriggerRuleEvaluator
{
    public static TriggerDecision Evaluate(TriggerRule rule, UpstreamSummary upstream) => throw new NotImplementedException();
    public static string Explain(TriggerRule rule, UpstreamSummary upstream) => throw new NotImplementedException();
    public static string Name(TriggerRule rule) => throw new NotImplementedException();
}
