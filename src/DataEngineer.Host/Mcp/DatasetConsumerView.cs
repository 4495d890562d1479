namespace DataEngineer.Host.Mcp;

/// <summary>A task that reads a dataset, and whether a change of the column asked about would break it (with why).</summary>
internal sealed record DatasetConsumerView(string Task, bool Breaks, string Evidence);
