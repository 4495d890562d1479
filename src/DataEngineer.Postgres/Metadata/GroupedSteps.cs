using DataEngineer.Core.Storage;

namespace DataEngineer.Postgres.Metadata;

/// <summary>
/// Group commit for the steps of task tries (issue #16): a step that arrives while <paramref name="writers"/> groups are
/// being written waits, and the next free writer writes every step then waiting, oldest first and up to
/// <paramref name="maxGroup"/>, in one transaction: one commit, and one statement per kind of row, for many tasks. Alone,
/// a step is written at once, by its own caller, as before. Steps that overlap (<see cref="ScopeRequest.Overlaps"/>) go
/// in different groups.
/// </summary>
internal sealed class GroupedSteps(int writers, int maxGroup, Func<IReadOnlyList<ScopeRequest>, Task> write)
{
    private readonly Lock _gate = new();
    private readonly List<ScopeRequest> _waiting = [];
    private int _writing;

    /// <summary>Writes <paramref name="request"/> in the next group a writer takes, and returns what was written.</summary>
    public async Task<ScopedSnapshot?> WriteAsync(ScopeRequest request)
    {
        bool writer;
        lock (_gate)
        {
            _waiting.Add(request);
            writer = _writing < writers;
            if (writer)
            {
                _writing++;
            }
        }

        if (writer)
        {
            await WriteUntilAsync(request);
        }

        return await request.Result.Task;
    }

    // Writes groups until own is written (null: until none waits), then hands the writing on to the thread pool if steps
    // still wait, so the caller goes on with its own result without writing the others'.
    private async Task WriteUntilAsync(ScopeRequest? own)
    {
        while (true)
        {
            List<ScopeRequest> group;
            lock (_gate)
            {
                if (_waiting.Count == 0)
                {
                    _writing--;
                    return;
                }

                if (own is not null && own.Result.Task.IsCompleted)
                {
                    // Without the caller's context: its trace and other ambient state are not the waiting steps'.
                    using (ExecutionContext.SuppressFlow())
                    {
                        _ = Task.Run(() => WriteUntilAsync(null));
                    }

                    return;
                }

                group = TakeGroup();
            }

            await write(group);
        }
    }

    private List<ScopeRequest> TakeGroup()
    {
        var group = new List<ScopeRequest>();
        for (var index = 0; index < _waiting.Count && group.Count < maxGroup; index++)
        {
            var request = _waiting[index];
            if (!group.Any(request.Overlaps))
            {
                group.Add(request);
                _waiting.RemoveAt(index--);
            }
        }

        return group;
    }
}
