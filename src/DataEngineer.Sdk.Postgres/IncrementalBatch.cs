namespace DataEngineer.Sdk.Postgres;

/// <summary>The rows an incremental extract read, and the mark to advance once they are loaded.</summary>
/// <param name="Rows">The rows, oldest mark first.</param>
/// <param name="PreviousMark">The stored mark the read started after (null: none stored).</param>
/// <param name="Advance">The new mark to pass to <see cref="LoadSpec.Watermark"/> (or to <see cref="DataObservations.AdvanceWatermark"/> after your own commit); null when no rows were read.</param>
public sealed record IncrementalBatch<T>(IReadOnlyList<T> Rows, string? PreviousMark, WatermarkAdvance? Advance);
