using DataEngineer.Core.Storage;

namespace DataEngineer.Postgres.Metadata;

public sealed partial class PostgresMetadataStore
{
    public async Task<IRunStartListener> ListenAsync(CancellationToken ct = default) =>
        await PostgresRunStartListener.StartAsync(_dataSource, _schema, ct);
}
