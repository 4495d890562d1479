using DataEngineer.Core.Storage;

namespace DataEngineer.Host.Api;

/// <summary>One dataset with its newest writes, its schema versions (oldest first) and its newest quality events.</summary>
internal sealed record ApiDatasetDetail(
    ApiDataset Dataset, IReadOnlyList<ApiDatasetWrite> Writes, IReadOnlyList<SchemaVersion> SchemaVersions, IReadOnlyList<QualityEvent> Events);
