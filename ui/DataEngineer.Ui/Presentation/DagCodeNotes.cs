namespace DataEngineer.Ui.Presentation;

/// <summary>Why a DAG version has no source to show: the code view and the REST API say the same.</summary>
public static class DagCodeNotes
{
    /// <param name="version">The version without source.</param>
    /// <param name="source">The version's recorded source: a file of the DAGs folder (<c>*.cs</c>) or a compiled class's name; null when unknown.</param>
    public static string Missing(string version, string? source) =>
        source is not null && !source.EndsWith(".cs", StringComparison.OrdinalIgnoreCase)
            ? $"Compiled DAG, no source: version {version} comes from the class {source} in a compiled assembly."
            : source is null
                ? $"Version {version} of this DAG is not recorded."
                : $"No source was recorded for version {version} (it was loaded before DataEngineer kept DAG sources, or by a process that did not compile it).";
}
