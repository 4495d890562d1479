namespace DataEngineer.Core.Storage;

/// <summary>One C# file of a DAG version's source: its path relative to the DAGs folder and its text.</summary>
public sealed record DagCodeFile(string Path, string Text);
