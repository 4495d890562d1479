namespace DataEngineer.Core.Storage;

/// <summary>A stored high-water mark and the run that advanced it.</summary>
public sealed record Watermark(string DagId, string TaskId, string Source, string Value, string RunId, DateTimeOffset UpdatedAt);
