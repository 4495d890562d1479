namespace DataEngineer.Core.Storage;

/// <summary>A new message for the stored line at <paramref name="Position"/> of a try's log (0 for its first line).</summary>
public sealed record TaskLogRevision(int Position, string Message);
