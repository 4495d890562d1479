using DataEngineer.Core.Storage;

namespace DataEngineer.Host.Api;

/// <summary>One write of a dataset as the REST API shows it.</summary>
internal sealed record ApiDatasetWrite(
    string DagId, string RunId, string TaskId, int TryNumber, DateTimeOffset At, DateTimeOffset LogicalDate, long RowCount, long RowsWritten,
    DateTimeOffset? DataUpdatedAt, int SchemaVersion, bool RowCountAnomaly)
{
    public static ApiDatasetWrite Of(DatasetWrite write, bool anomaly) => new(
        write.DagId, write.RunId, write.TaskId, write.TryNumber, write.At, write.LogicalDate, write.RowCount, write.RowsWritten, write.DataUpdatedAt,
        write.SchemaVersion, anomaly);
}
