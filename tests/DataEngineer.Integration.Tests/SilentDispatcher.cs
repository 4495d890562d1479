using DataEngineer.Core.Execution;
using DataEngineer.Core.Storage;

namespace DataEngineer.Integration.Tests;

/// <summary>A dispatcher that wakes nobody: queued tasks reach a worker only through the store's signal.</summary>
internal sealed class SilentDispatcher : ITaskDispatcher
{
    public Task DispatchAsync(IReadOnlyCollection<TaskInstance> queued, CancellationToken ct = default) => Task.CompletedTask;
}
