namespace DataEngineer.Ui.Presentation;

/// <summary>
/// One write on a dataset's trend: the rows that run wrote, and the range the row-count anomaly detector expected from the
/// writes before it (null while its history is too short, or detection is off).
/// </summary>
public sealed record RowsWrittenPoint(string DagId, string RunId, string TaskId, DateTimeOffset LogicalDate, long RowsWritten, double? Low, double? High, double? Median, bool IsAnomaly);
