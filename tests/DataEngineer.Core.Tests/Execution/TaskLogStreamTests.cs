using DataEngineer.Core.Execution;
using DataEngineer.Core.Governance;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Tests.Fixtures;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace DataEngineer.Core.Tests.Execution;

public sealed class TaskLogStreamTests
{
    private static readonly TaskInstance Try = new()
    {
        DagId = "d", RunId = "manual__2024-01-01T00:00:00Z", TaskId = "t", TryNumber = 1, MaxTries = 1, Queue = "default", Pool = "default_pool",
    };

    private readonly RecordingLogStore _store = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private TaskLogStream Stream(int batchLines = 500) =>
        new(_store, Try, _time, new TaskRuntimeOptions { LogBatchLines = batchLines, LogFlushInterval = TimeSpan.FromSeconds(1) }, NullLogger.Instance);

    private static TaskLogLine Line(string message, string level = "INFORMATION") => new(DateTimeOffset.UnixEpoch, level, message);

    private Task<IReadOnlyList<TaskLogLine>> StoredAsync() => _store.GetLogAsync(Try.Run, Try.TaskId, Try.TryNumber);

    private async Task<IReadOnlyList<TaskLogLine>> WaitForStoredAsync(int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var stored = await StoredAsync();
            if (stored.Count >= count)
            {
                return stored;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Only {stored.Count} of {count} lines were stored.");
            await Task.Delay(10);
        }
    }

    // What the try's end does with what EndAsync hands over (in the completing transaction; here, as the store's own calls).
    private async Task EndAsync(TaskLogStream stream, PiiMasker masker)
    {
        var (revisions, unstored) = await stream.EndAsync(masker);
        if (revisions.Count > 0)
        {
            await _store.ReviseLogAsync(Try.Run, Try.TaskId, Try.TryNumber, revisions);
        }

        if (unstored.Count > 0)
        {
            await _store.AppendLogAsync(Try.Run, Try.TaskId, Try.TryNumber, unstored);
        }
    }

    [Fact]
    public async Task Add_FewLines_AreStoredInOneAppendOnceTheIntervalPasses_BeforeTheTryEnds()
    {
        var stream = Stream();
        stream.Add(Line("one"));
        stream.Add(Line("two", "WARNING"));
        _time.Advance(TimeSpan.FromMilliseconds(999));
        await Task.Delay(50);
        Assert.Empty(await StoredAsync());

        _time.Advance(TimeSpan.FromMilliseconds(1));
        var stored = await WaitForStoredAsync(2);

        Assert.Equal([("one", "INFORMATION"), ("two", "WARNING")], stored.Select(l => (l.Message, l.Level)));
        Assert.Equal(1, _store.Appends);
        await EndAsync(stream, new PiiMasker([]));
        Assert.Equal(1, _store.Appends);
    }

    [Fact]
    public async Task Add_AFullBatch_IsStoredWithoutWaitingForTheInterval_InBatchesNotLines()
    {
        var stream = Stream(batchLines: 10);
        for (var i = 0; i < 10; i++)
        {
            stream.Add(Line($"line {i}"));
        }

        await WaitForStoredAsync(10);
        Assert.Equal(1, _store.Appends);
        for (var i = 10; i < 35; i++)
        {
            stream.Add(Line($"line {i}"));
        }

        await EndAsync(stream, new PiiMasker([]));

        Assert.Equal(Enumerable.Range(0, 35).Select(i => $"line {i}"), (await StoredAsync()).Select(l => l.Message));
        Assert.InRange(_store.Appends, 2, 4);
    }

    [Fact]
    public async Task Add_WhileAFullBatchIsBeingStored_ALineDoesNotStartAnotherAppend()
    {
        var release = new TaskCompletionSource();
        _store.HoldAppendsUntil(release.Task);
        var stream = Stream(batchLines: 10);
        for (var i = 0; i < 10; i++)
        {
            stream.Add(Line($"line {i}"));
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (_store.Entered == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "The full batch was never sent.");
            await Task.Delay(10);
        }

        stream.Add(Line("line 10"));
        stream.Add(Line("line 11"));
        release.SetResult();
        await WaitForStoredAsync(10);
        await Task.Delay(50); // Room for a second append to start, had the two lines asked for one.

        Assert.Equal(1, _store.Entered);
        Assert.Equal(10, (await StoredAsync()).Count);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(12, (await WaitForStoredAsync(12)).Count);
        Assert.Equal(2, _store.Appends);
        await EndAsync(stream, new PiiMasker([]));
        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"line {i}"), (await StoredAsync()).Select(l => l.Message));
    }

    [Fact]
    public async Task EndAsync_NothingLogged_CostsNoAppend()
    {
        var stream = Stream();

        await EndAsync(stream, new PiiMasker([]));
        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(0, _store.Appends);
        Assert.Empty(await StoredAsync());
    }

    [Fact]
    public async Task EndAsync_LinesStillWaiting_AreStoredInOneAppend()
    {
        var stream = Stream();
        stream.Add(Line("a"));
        stream.Add(Line("b"));

        await EndAsync(stream, new PiiMasker([]));

        Assert.Equal(["a", "b"], (await StoredAsync()).Select(l => l.Message));
        Assert.Equal(1, _store.Appends);
    }

    [Fact]
    public async Task EndAsync_APiiValueLearntAfterTheLineWasStored_MasksTheStoredLine()
    {
        var masker = new PiiMasker(["email"]);
        var stream = Stream();
        stream.Add(Line("Mailing ada@example.com"));
        _time.Advance(TimeSpan.FromSeconds(1));
        await WaitForStoredAsync(1);
        stream.Add(Line("still running"));

        masker.Observe("ada@example.com");
        await EndAsync(stream, masker);

        var stored = await StoredAsync();
        Assert.Equal(2, stored.Count);
        Assert.DoesNotContain("ada@example.com", stored[0].Message, StringComparison.Ordinal);
        Assert.StartsWith("Mailing ", stored[0].Message, StringComparison.Ordinal);
        Assert.Equal("still running", stored[1].Message);
    }

    [Fact]
    public async Task AFailedBatch_IsStoredWithTheNextOne_InOrderAndOnce()
    {
        var stream = Stream();
        _store.FailNext(1);
        stream.Add(Line("first"));
        _time.Advance(TimeSpan.FromSeconds(1));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (_store.Failed == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "The first batch was never tried.");
            await Task.Delay(10);
        }

        Assert.Empty(await StoredAsync());
        stream.Add(Line("second"));
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(["first", "second"], (await WaitForStoredAsync(2)).Select(l => l.Message));
        await EndAsync(stream, new PiiMasker([]));
        Assert.Equal(["first", "second"], (await StoredAsync()).Select(l => l.Message));
    }
}
