using DataEngineer.Core.Execution;
using DataEngineer.Core.States;
using DataEngineer.Core.Tests.Fixtures;
using DataEngineer.Sdk;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace DataEngineer.Core.Tests.Execution;

public class LocalDagRunnerTests
{
    private static readonly TaskOptions NoDelayRetries = new() { Retries = 3, RetryDelay = TimeSpan.Zero };

    private sealed record Batch(string Name, int Rows);

    [Fact]
    public async Task Run_TypedValues_FlowDownstreamThroughXCom()
    {
        var harness = new RunHarness(new TestDag("xcom", d =>
        {
            var extract = d.Task("extract", ctx => new Batch($"orders-{ctx.LogicalDate:yyyyMMdd}", 42));
            var count = d.Task("count", extract, async (ctx, batch) =>
            {
                await Task.Yield();
                ctx.Rows.AddRead(batch.Rows);
                return batch.Rows * 2;
            });
            d.Task("report", extract, count, (_, batch, doubled) => $"{batch.Name}:{doubled}");
        }));

        var run = await harness.RunAsync();

        Assert.Equal(DagRunState.Success, run.Run.State);
        Assert.Equal("\"orders-20240101:84\"", await harness.XComAsync("report"));
        Assert.Equal(42, run.Tasks["count"].RowsRead);
        Assert.All(run.Tasks.Values, t => Assert.Equal("test-host", t.Hostname));
    }

    [Fact]
    public async Task Run_FailingTwiceThenSucceeding_RetriesAsNewTries()
    {
        var calls = 0;
        var harness = new RunHarness(new TestDag("flaky", d => d.Task("flaky", ctx =>
        {
            if (Interlocked.Increment(ref calls) < 3)
            {
                throw new InvalidOperationException($"source not ready (try {ctx.TryNumber})");
            }

            return ctx.TryNumber;
        }, NoDelayRetries)));

        var run = await harness.RunAsync();

        Assert.Equal(DagRunState.Success, run.Run.State);
        Assert.Equal(3, run.Tasks["flaky"].TryNumber);
        Assert.Equal("3", await harness.XComAsync("flaky"));
        var tries = await harness.Store.ListTriesAsync(harness.Key, "flaky");
        Assert.Equal([TaskInstanceState.UpForRetry, TaskInstanceState.UpForRetry, TaskInstanceState.Success], tries.Select(t => t.State));
        Assert.Equal("InvalidOperationException: source not ready (try 1)", tries[0].Error);
        var firstLog = await harness.Store.GetLogAsync(harness.Key, "flaky", 1);
        Assert.Contains(firstLog, l => l.Level == "ERROR" && l.Message.Contains("at ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_RetriesExhausted_FailsTaskAndDownstreamAndRun()
    {
        var harness = new RunHarness(new TestDag("broken", d =>
        {
            var a = d.Task("a", ctx => throw new InvalidOperationException("always"), new TaskOptions { Retries = 2, RetryDelay = TimeSpan.Zero });
            d.Task("b", _ => { }).After(a);
        }));

        var run = await harness.RunAsync();

        Assert.Equal(DagRunState.Failed, run.Run.State);
        Assert.Equal(TaskInstanceState.Failed, run.Tasks["a"].State);
        Assert.Equal(3, run.Tasks["a"].TryNumber);
        Assert.Equal(TaskInstanceState.UpstreamFailed, run.Tasks["b"].State);
        Assert.Equal(0, run.Tasks["b"].TryNumber);
    }

    [Fact]
    public async Task Run_FailWithoutRetry_StopsAfterOneTry()
    {
        var harness = new RunHarness(new TestDag("fail_now", d => d.Task("check", ctx => ctx.Fail("3 rows have negative amounts"), NoDelayRetries)));

        var run = await harness.RunAsync();

        Assert.Equal(TaskInstanceState.Failed, run.Tasks["check"].State);
        Assert.Equal(1, run.Tasks["check"].TryNumber);
        Assert.Equal("3 rows have negative amounts", run.Tasks["check"].Error);
    }

    [Fact]
    public async Task Run_SkippedTask_CascadesToAllSuccessButNotToNoneFailedMinOneSuccess()
    {
        var harness = new RunHarness(new TestDag("skips", d =>
        {
            var a = d.Task("a", ctx => ctx.Skip("no new files"));
            var b = d.Task("b", _ => { });
            d.Task("after_a", _ => { }).After(a);
            d.Task("join", _ => { }, new TaskOptions { TriggerRule = TriggerRule.NoneFailedMinOneSuccess }).After(a, b);
        }));

        var run = await harness.RunAsync();

        Assert.Equal(TaskInstanceState.Skipped, run.Tasks["a"].State);
        Assert.Equal(TaskInstanceState.Skipped, run.Tasks["after_a"].State);
        Assert.Equal(TaskInstanceState.Success, run.Tasks["join"].State);
        Assert.Equal(DagRunState.Success, run.Run.State);
    }

    [Theory]
    [InlineData("left", "right")]
    [InlineData("right", "left")]
    public async Task Run_Branch_SkipsTheUnchosenPath(string chosen, string other)
    {
        var harness = new RunHarness(new TestDag("branch", d =>
        {
            var pick = d.Branch("pick", _ => [chosen]);
            var left = d.Task("left", _ => { }).After(pick);
            var right = d.Task("right", _ => { }).After(pick);
            d.Task($"after_{other}", _ => { }).After(other == "left" ? left : right);
            d.Task("join", _ => { }, new TaskOptions { TriggerRule = TriggerRule.NoneFailedMinOneSuccess }).After(left, right);
            d.Task("join_default_rule", _ => { }).After(left, right);
        }));

        var run = await harness.RunAsync();

        Assert.Equal(TaskInstanceState.Success, run.Tasks[chosen].State);
        Assert.Equal(TaskInstanceState.Skipped, run.Tasks[other].State);
        Assert.Equal(TaskInstanceState.Skipped, run.Tasks[$"after_{other}"].State);
        Assert.Equal(TaskInstanceState.Success, run.Tasks["join"].State);
        Assert.Equal(TaskInstanceState.Skipped, run.Tasks["join_default_rule"].State);
        Assert.Equal(DagRunState.Success, run.Run.State);
    }

    [Fact]
    public async Task Run_BranchChoosingAStranger_FailsNamingTheChoices()
    {
        var harness = new RunHarness(new TestDag("bad_branch", d =>
        {
            var pick = d.Branch("pick", _ => ["nowhere"], NoDelayRetries);
            d.Task("left", _ => { }).After(pick);
        }));

        var run = await harness.RunAsync();

        Assert.Equal(TaskInstanceState.Failed, run.Tasks["pick"].State);
        Assert.Equal(1, run.Tasks["pick"].TryNumber);
        Assert.Contains("'nowhere', which is not directly downstream", run.Tasks["pick"].Error, StringComparison.Ordinal);
        Assert.Contains("Choose among: left", run.Tasks["pick"].Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_OneFailed_FiresBeforeTheOtherUpstreamFinishes()
    {
        var slowMayFinish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var harness = new RunHarness(new TestDag("early", d =>
        {
            var fast = d.Task("fast_fail", ctx => ctx.Fail("bad input"));
            var slow = d.Task("slow", async ctx => await slowMayFinish.Task.WaitAsync(ctx.CancellationToken));
            // If one_failed waited for "slow", nothing would release it and the run could not finish.
            d.Task("on_failure", _ => slowMayFinish.SetResult(), new TaskOptions { TriggerRule = TriggerRule.OneFailed }).After(fast, slow);
        }));

        var run = await harness.RunAsync();

        Assert.Equal(TaskInstanceState.Success, run.Tasks["on_failure"].State);
        Assert.True(run.Tasks["on_failure"].StartedAt <= run.Tasks["slow"].EndedAt);
        Assert.Equal(TaskInstanceState.Success, run.Tasks["slow"].State);
    }

    [Fact]
    public async Task Run_LeafWithAllDone_DecidesRunStateLikeAirflow()
    {
        var harness = new RunHarness(new TestDag("leaves", d =>
        {
            var a = d.Task("a", ctx => ctx.Fail("nope"));
            d.Task("cleanup", _ => { }, new TaskOptions { TriggerRule = TriggerRule.AllDone }).After(a);
        }));

        var run = await harness.RunAsync();

        Assert.Equal(TaskInstanceState.Failed, run.Tasks["a"].State);
        Assert.Equal(TaskInstanceState.Success, run.Tasks["cleanup"].State);
        Assert.Equal(DagRunState.Success, run.Run.State);
    }

    [Fact]
    public async Task Run_RetryDelay_WaitsOnTheClock()
    {
        var clock = new FakeTimeProvider(RunHarness.Day.AddDays(1));
        var calls = 0;
        var harness = new RunHarness(new TestDag("delayed", d => d.Task("t", _ =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                throw new InvalidOperationException("first try fails");
            }
        }, new TaskOptions { Retries = 1, RetryDelay = TimeSpan.FromMinutes(5) })), clock);

        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var running = harness.StartAsync(cancel.Token);
        var waiting = await harness.WaitForAsync("t", TaskInstanceState.UpForRetry);
        var failedAt = clock.GetUtcNow();
        Assert.Equal(failedAt.AddMinutes(5), waiting.NextTryAt);

        // The fake clock only moves when the test moves it: a runner that did not wait for NextTryAt
        // would start the second try at the failure time, before the clock reaches the retry time.
        clock.Advance(TimeSpan.FromMinutes(5));
        var run = await running;
        Assert.Equal(2, calls);
        Assert.Equal(TaskInstanceState.Success, run.Tasks["t"].State);
        Assert.Equal(2, run.Tasks["t"].TryNumber);
        var second = (await harness.Store.ListTriesAsync(harness.Key, "t")).Single(t => t.TryNumber == 2);
        Assert.True(second.StartedAt >= failedAt.AddMinutes(5), $"the retry started at {second.StartedAt}, before {failedAt.AddMinutes(5)}");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Run_ExecutionTimeout_CancelsTheTry(bool cooperative)
    {
        var clock = new FakeTimeProvider(RunHarness.Day.AddDays(1));
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var harness = new RunHarness(new TestDag("slow", d => d.Task("t", async ctx =>
        {
            started.SetResult();
            // An uncooperative task ignores its token; the try must end anyway.
            await Task.Delay(Timeout.Infinite, cooperative ? ctx.CancellationToken : CancellationToken.None);
        }, new TaskOptions { ExecutionTimeout = TimeSpan.FromSeconds(30) })), clock);

        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var running = harness.StartAsync(cancel.Token);
        // The timeout's timer exists once the task body runs; advancing the clock earlier would not reach it.
        await started.Task.WaitAsync(cancel.Token);
        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.False(running.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));
        var run = await running;

        Assert.Equal(TaskInstanceState.Failed, run.Tasks["t"].State);
        Assert.Contains("Timed out after 00:00:30", run.Tasks["t"].Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_MaxActiveTasks_IsNeverExceeded()
    {
        var current = 0;
        var peak = 0;
        var harness = new RunHarness(new TestDag("parallel", d =>
        {
            foreach (var i in Enumerable.Range(0, 6))
            {
                d.Task($"t{i}", async _ =>
                {
                    var now = Interlocked.Increment(ref current);
                    InterlockedMax(ref peak, now);
                    await Task.Delay(30);
                    Interlocked.Decrement(ref current);
                });
            }
        }, new DagOptions { MaxActiveTasks = 2 }));

        var run = await harness.RunAsync();

        Assert.Equal(DagRunState.Success, run.Run.State);
        Assert.Equal(2, peak);
    }

    [Fact]
    public async Task Run_XComAboveLimit_FailsNamingTheLimit()
    {
        var harness = new RunHarness(new TestDag("big", d => d.Task("t", _ => new string('x', 500), NoDelayRetries)),
            options: new TaskRuntimeOptions { XComMaxBytes = 100 });

        var run = await harness.RunAsync();

        Assert.Equal(TaskInstanceState.Failed, run.Tasks["t"].State);
        Assert.Equal(1, run.Tasks["t"].TryNumber);
        Assert.Contains("502 bytes, above the limit of 100 bytes", run.Tasks["t"].Error, StringComparison.Ordinal);
        Assert.Null(await harness.XComAsync("t"));
    }

    [Fact]
    public async Task Run_XComReadAsWrongType_FailsNamingBothTasks()
    {
        var harness = new RunHarness(new TestDag("mismatch", d =>
        {
            var a = d.Task("a", ctx => { ctx.PushXCom("batch", new Batch("x", 1)); });
            d.Task("b", async ctx => await ctx.PullXComAsync<int[]>("a", "batch"), NoDelayRetries).After(a);
        }));

        var run = await harness.RunAsync();

        Assert.Equal(TaskInstanceState.Failed, run.Tasks["b"].State);
        Assert.Equal(1, run.Tasks["b"].TryNumber);
        Assert.Contains("XCom type mismatch: task 'b' reads the value of 'a' as Int32[]", run.Tasks["b"].Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_PushedValues_AreSavedOnlyOnSuccess()
    {
        var harness = new RunHarness(new TestDag("push", d =>
        {
            d.Task("ok", ctx => ctx.PushXCom("count", 5));
            d.Task("bad", ctx =>
            {
                ctx.PushXCom("count", 6);
                ctx.Fail("after pushing");
            });
        }));

        await harness.RunAsync();

        Assert.Equal("5", await harness.XComAsync("ok", "count"));
        Assert.Null(await harness.XComAsync("bad", "count"));
    }

    [Fact]
    public async Task Run_TaskLog_IsStoredPerTry()
    {
        var harness = new RunHarness(new TestDag("logs", d => d.Task("t", ctx => ctx.Logger.LogWarning("rejected {Count} rows", 3))));

        await harness.RunAsync();

        var log = await harness.Store.GetLogAsync(harness.Key, "t", 1);
        Assert.Contains(log, l => l is { Level: "WARNING", Message: "rejected 3 rows" });
    }

    [Fact]
    public async Task Run_ConsoleOutput_GoesToEachTrysOwnLog()
    {
        TaskOutputRouter.Install();
        var harness = new RunHarness(new TestDag("stdout", d =>
        {
            d.Task("a", async _ =>
            {
                Console.WriteLine("from a, line 1");
                await Task.Yield();
                Console.Write("from a, ");
                Console.WriteLine("line 2");
            });
            d.Task("b", _ => Console.WriteLine("from b"));
        }));

        await harness.RunAsync();

        var a = (await harness.Store.GetLogAsync(harness.Key, "a", 1)).Select(l => l.Message).ToList();
        var b = (await harness.Store.GetLogAsync(harness.Key, "b", 1)).Select(l => l.Message).ToList();
        Assert.Contains("from a, line 1", a);
        Assert.Contains("from a, line 2", a);
        Assert.DoesNotContain("from b", a);
        Assert.Contains("from b", b);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen)
        {
            var previous = Interlocked.CompareExchange(ref target, value, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }
}
