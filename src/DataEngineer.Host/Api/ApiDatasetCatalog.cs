using DataEngineer.Core.Governance;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;

namespace DataEngineer.Host.Api;

/// <summary>
/// A dataset's catalog entry as the REST API shows it: owner, description, tags, documented and classified columns
/// (with the recorded columns nobody described), contract, retention and its last run, freshness SLA, declaration conflicts.
/// </summary>
internal sealed record ApiDatasetCatalog(
    string Name, bool IsDeclared, string? Owner, string? Description, IReadOnlyList<string> Tags, string Contract, string? DeclaredBy,
    string? FreshnessColumn, long? FreshnessSlaSeconds, ApiRetentionPolicy? Retention, object? RetentionLastRun,
    IReadOnlyList<ApiCatalogColumn> Columns, IReadOnlyList<string> UndocumentedColumns, IReadOnlyList<string> PiiColumns, IReadOnlyList<string> Warnings)
{
    public static ApiDatasetCatalog Of(string name, DatasetCatalogEntry? entry, DatasetRecord? recorded, RetentionRun? lastRetention)
    {
        var columns = entry?.Columns ?? [];
        var described = columns.Where(c => !string.IsNullOrWhiteSpace(c.Description)).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        return new ApiDatasetCatalog(
            name, entry?.IsDeclared ?? false, entry?.Owner, entry?.Description, entry?.Tags ?? [], (entry?.Contract ?? Sdk.ContractMode.None).ToString().ToLowerInvariant(),
            entry?.DeclaredBy, entry?.FreshnessColumn, (long?)entry?.FreshnessSla?.TotalSeconds,
            entry?.Retention is { } r ? new ApiRetentionPolicy(r.Column, (long)r.KeepFor.TotalSeconds, r.Connection) : null,
            lastRetention is null ? null : new
            {
                dag_id = RetentionRuns.DagId, run_id = lastRetention.RunId, state = StateNames.Of(lastRetention.State), try_number = lastRetention.TryNumber,
                ended_at = lastRetention.EndedAt, cutoff = lastRetention.Result?.Cutoff, deleted_rows = lastRetention.Result?.DeletedRows, error = lastRetention.Error,
            },
            [.. columns.Select(ApiCatalogColumn.Of)],
            [.. (recorded?.Columns ?? []).Select(c => c.Name).Where(c => !described.Contains(c))],
            entry?.PiiColumns ?? [],
            entry?.Warnings ?? []);
    }
}
