using DataEngineer.Core.Storage;

namespace DataEngineer.Postgres.Metadata;

public sealed partial class PostgresMetadataStore
{
    public async Task<IQueuedTaskListener> ListenForTasksAsync(IReadOnlySet<string> queues, CancellationToken ct = default) =>
        await PostgresQueuedTaskListener.StartAsync(_dataSource, _schema, queues, ct);
}
