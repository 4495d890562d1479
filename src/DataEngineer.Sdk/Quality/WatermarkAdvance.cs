namespace DataEngineer.Sdk;

/// <summary>A new high-water mark for a task's source, stored only if the try that set it succeeds.</summary>
/// <param name="TaskId">The task that owns the mark (the one that reads it with <see cref="TaskContext.GetWatermarkAsync"/>).</param>
/// <param name="Source">The source it tracks, e.g. <c>source.orders</c>.</param>
/// <param name="Value">The mark, e.g. an ISO 8601 instant or a number, as text.</param>
public sealed record WatermarkAdvance(string TaskId, string Source, string Value);
