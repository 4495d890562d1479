using DataEngineer.Core.Governance;
using DataEngineer.Core.Storage;
using Microsoft.Extensions.Logging;

namespace DataEngineer.Core.Execution;

/// <summary>
/// Carries a running try's log lines to the store while it runs: a batch is appended once
/// <see cref="TaskRuntimeOptions.LogBatchLines"/> lines wait or <see cref="TaskRuntimeOptions.LogFlushInterval"/> after the
/// first waiting line, whichever comes first — one statement per batch, never one per line, and no timer or round trip
/// while nothing waits. One append runs at a time, so lines keep their order. A failed batch stays waiting and goes with
/// the next one. <see cref="EndAsync"/> hands the rest over when the try ends, after masking the whole log again with what
/// the try learnt last, with the revisions of lines already stored whose text changed: both are stored with the try's
/// end, in its transaction (<see cref="TryTail"/>).
/// </summary>
internal sealed class TaskLogStream(ITaskLogStore store, TaskInstance task, TimeProvider time, TaskRuntimeOptions options, ILogger engineLogger)
{
    private readonly List<TaskLogLine> _lines = [];
    private readonly Lock _lock = new();
    private Task _appending = Task.CompletedTask;
    private ITimer? _timer;
    private int _stored;

    // Lines stored or in the append under way: a batch counts only the lines no append has taken.
    private int _taken;
    private bool _flushRequested;
    private bool _ended;

    /// <summary>Keeps a line; sends a batch when enough wait, or arms the flush timer for the first waiting line.</summary>
    public void Add(TaskLogLine line)
    {
        lock (_lock)
        {
            if (_ended)
            {
                return; // A thread the task left behind, still logging after the try was recorded.
            }

            _lines.Add(line);
            if (_flushRequested)
            {
                return;
            }

            if (_lines.Count - _taken >= options.LogBatchLines)
            {
                RequestFlush();
            }
            else
            {
                ArmTimer();
            }
        }
    }

    /// <summary>Stops streaming, masks the whole log again and returns the revisions of stored lines that changed and the lines not stored yet.</summary>
    public async Task<(IReadOnlyList<TaskLogRevision> Revisions, IReadOnlyList<TaskLogLine> Unstored)> EndAsync(PiiMasker masker)
    {
        Task appending;
        lock (_lock)
        {
            _ended = true;
            _timer?.Dispose();
            _timer = null;
            appending = _appending;
        }

        await appending;
        List<TaskLogRevision> revisions = [];
        lock (_lock)
        {
            for (var i = 0; i < _lines.Count; i++)
            {
                var masked = masker.MaskText(_lines[i].Message);
                if (masked != _lines[i].Message)
                {
                    _lines[i] = _lines[i] with { Message = masked };
                    if (i < _stored)
                    {
                        revisions.Add(new TaskLogRevision(i, masked));
                    }
                }
            }
        }

        return (revisions, _lines.Skip(_stored).ToList());
    }

    // Under _lock. Lines that arrive while a batch is appended arm the timer again.
    private void ArmTimer() => _timer ??= time.CreateTimer(_ => OnTimer(), null, options.LogFlushInterval, Timeout.InfiniteTimeSpan);

    private void OnTimer()
    {
        lock (_lock)
        {
            if (!_flushRequested && !_ended)
            {
                RequestFlush();
            }
        }
    }

    // Under _lock. The batch is taken when the append starts, so it holds every line that waits by then.
    private void RequestFlush()
    {
        _flushRequested = true;
        _timer?.Dispose();
        _timer = null;
        _appending = _appending.ContinueWith(_ => FlushAsync(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
    }

    // Never throws: a failed batch stays waiting.
    private async Task FlushAsync()
    {
        try
        {
            List<TaskLogLine> batch;
            lock (_lock)
            {
                _flushRequested = false;
                if (_ended)
                {
                    return;
                }

                batch = _lines.GetRange(_stored, _lines.Count - _stored);
                _taken = _lines.Count;
            }

            if (batch.Count == 0)
            {
                return;
            }

            await store.AppendLogAsync(task.Run, task.TaskId, task.TryNumber, batch, CancellationToken.None);
            lock (_lock)
            {
                _stored += batch.Count;
            }
        }
        catch (Exception e)
        {
            // The batch stays waiting: the next flush or the try's end stores it.
            engineLogger.LogWarning("Streaming the log of try {Try} of {Task} in {Run} failed: {Error}; its lines wait for the next batch", task.TryNumber, task.TaskId, task.Run, e.Message);
            lock (_lock)
            {
                _taken = _stored;
                if (!_ended && !_flushRequested)
                {
                    ArmTimer();
                }
            }
        }
    }
}
