using DataEngineer.Core.Storage;

namespace DataEngineer.Testing;

/// <summary>Tests read one consumer's dataset queue at a time; the store reads every consumer's in one round trip.</summary>
public static class DatasetQueueReads
{
    public static async Task<IReadOnlyList<DatasetEvent>> ListQueuedDatasetEventsAsync(this IDatasetEventStore store, string consumerDagId, IReadOnlyCollection<string> datasets) =>
        (await store.ListQueuedDatasetEventsAsync(new Dictionary<string, IReadOnlyCollection<string>> { [consumerDagId] = datasets }))[consumerDagId];
}
