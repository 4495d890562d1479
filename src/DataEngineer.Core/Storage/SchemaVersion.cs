using DataEngineer.Sdk;

namespace DataEngineer.Core.Storage;

/// <summary>One version of a dataset's schema, numbered from 1, and the run that first wrote it.</summary>
public sealed record SchemaVersion(string Dataset, int Version, IReadOnlyList<DatasetColumn> Columns, string DagId, string RunId, DateTimeOffset FirstSeenAt);
