namespace DataEngineer.Execution.Loading;

/// <summary>One C# file of the DAGs folder: its path relative to the folder (forward slashes) and its bytes.</summary>
internal sealed record DagSourceFile(string RelativePath, string FullPath, byte[] Content);
