namespace DataEngineer.Sdk;

/// <summary>What one enforcement of a dataset's <see cref="RetentionPolicy"/> deleted (a retention task's return value).</summary>
/// <param name="Dataset">The dataset (table).</param>
/// <param name="Column">The date or timestamp column compared with the cutoff.</param>
/// <param name="KeepFor">How long rows are kept.</param>
/// <param name="Cutoff">Rows whose column was before this instant were deleted; rows at or after it were kept.</param>
/// <param name="DeletedRows">How many rows were deleted.</param>
/// <param name="Batches">How many DELETE statements it took (each deletes at most the batch size, in its own transaction).</param>
public sealed record RetentionResult(string Dataset, string Column, TimeSpan KeepFor, DateTimeOffset Cutoff, long DeletedRows, int Batches);
