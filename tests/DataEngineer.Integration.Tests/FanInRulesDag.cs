using DataEngineer.Core.States;
using DataEngineer.Sdk;

namespace DataEngineer.Integration.Tests;

/// <summary>
/// start → <c>width</c> middle tasks → one join per trigger rule, each downstream of every middle task. The middle
/// task of index i ends as <paramref name="ending"/> says (success, skipped or failed, never retried), after waiting at
/// <paramref name="barrier"/> if there is one.
/// </summary>
public sealed class FanInRulesDag(string id, int width, Func<int, TaskInstanceState> ending, CompletionBarrier? barrier = null) : Dag(id, new DagOptions { MaxActiveTasks = 64 })
{
    public static IReadOnlyList<TriggerRule> Rules { get; } = Enum.GetValues<TriggerRule>();

    public int Width => width;

    public TaskInstanceState EndingOf(int index) => ending(index);

    public static string JoinOf(TriggerRule rule) => "join_" + rule.ToString().ToLowerInvariant();

    protected override void Define(DagBuilder dag)
    {
        var start = dag.Task("start", _ => { });
        var middle = Enumerable.Range(0, width).Select(i => dag.Task($"m{i:0000}", async ctx =>
        {
            if (barrier is not null)
            {
                await barrier.WaitAsync(ctx.CancellationToken);
            }

            switch (ending(i))
            {
                case TaskInstanceState.Skipped:
                    ctx.Skip("skipped by the test");
                    break;
                case TaskInstanceState.Failed:
                    ctx.Fail("failed by the test");
                    break;
            }
        }).After(start)).ToArray();
        foreach (var rule in Rules)
        {
            dag.Task(JoinOf(rule), _ => { }, new TaskOptions { TriggerRule = rule }).After(middle);
        }
    }
}
