using DataEngineer.Core.Storage;

namespace DataEngineer.Postgres.Metadata;

public sealed partial class PostgresMetadataStore
{
    public async Task<IQueuedRunListener> ListenAsync(CancellationToken ct = default) =>
        await PostgresQueuedRunListener.StartAsync(_dataSource, _schema, ct);
}
