using DataEngineer.Core.Storage;

namespace DataEngineer.Postgres.Metadata;

public sealed partial class PostgresMetadataStore : IDagDeletionStore
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<TableRows>> DeleteDagAsync(string dagId, CancellationToken ct = default) =>
        [.. (await new MetadataRetention(_dataSource, _schema).DeleteDagAsync(dagId, ct)).Select(c => new TableRows(c.Table, c.Rows))];
}
