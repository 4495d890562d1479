namespace DataEngineer.Host.Api;

/// <summary>One C# file of a DAG version's source.</summary>
internal sealed record ApiDagCodeFile(string Path, string Text);
