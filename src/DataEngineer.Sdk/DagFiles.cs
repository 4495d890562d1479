using System.Reflection;
using System.Runtime.CompilerServices;

namespace DataEngineer.Sdk;

/// <summary>
/// Finds files a DAG ships beside its source (SQL scripts, templates), whether the DAG is compiled from the DAGs
/// folder by the host or built into an assembly. A relative path is tried, in order: beside the C# file that named
/// it (its <c>[CallerFilePath]</c>; for folder DAGs, that file's folder inside the DAGs folder the assembly was
/// compiled from, see <see cref="SetFolder"/>), then in the folder of the DAG's assembly (ship the file with
/// <c>CopyToOutputDirectory</c>), then at the top of that DAGs folder.
/// </summary>
public static class DagFiles
{
    private static readonly ConditionalWeakTable<Assembly, string> Folders = new();

    /// <summary>
    /// Records that <paramref name="assembly"/> was compiled from the DAGs folder <paramref name="folder"/>; the host does
    /// this for each assembly it compiles from a folder. Kept per assembly, so processes (and tests) that load several
    /// folders find each DAG's files in its own.
    /// </summary>
    public static void SetFolder(Assembly assembly, string folder)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        Folders.AddOrUpdate(assembly, Path.GetFullPath(folder));
    }

    /// <summary>The DAGs folder <paramref name="assembly"/> was compiled from, or null for a DAG built into a project.</summary>
    public static string? FolderOf(Assembly? assembly) => assembly is not null && Folders.TryGetValue(assembly, out var folder) ? folder : null;

    /// <summary>The places <paramref name="path"/> is looked for, most specific first.</summary>
    /// <param name="path">The path as the DAG wrote it, relative or absolute.</param>
    /// <param name="callerFilePath">The C# file that named it (compile-time path; relative to the DAGs folder for folder DAGs).</param>
    /// <param name="dagAssembly">The assembly that named it, if known.</param>
    public static IReadOnlyList<string> Candidates(string path, string? callerFilePath, Assembly? dagAssembly)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (Path.IsPathRooted(path))
        {
            return [Path.GetFullPath(path)];
        }

        var candidates = new List<string>();
        var dagsFolder = FolderOf(dagAssembly);
        var callerFolder = string.IsNullOrEmpty(callerFilePath) ? null : Path.GetDirectoryName(callerFilePath);
        if (callerFolder is not null && Path.IsPathRooted(callerFolder))
        {
            candidates.Add(Path.GetFullPath(Path.Combine(callerFolder, path)));
        }
        else if (callerFolder is not null && dagsFolder is not null)
        {
            candidates.Add(Path.GetFullPath(Path.Combine(dagsFolder, callerFolder, path)));
        }

        if (dagAssembly is { IsDynamic: false, Location: { Length: > 0 } location } && Path.GetDirectoryName(location) is { } assemblyFolder)
        {
            candidates.Add(Path.GetFullPath(Path.Combine(assemblyFolder, path)));
        }

        if (dagsFolder is not null)
        {
            candidates.Add(Path.GetFullPath(Path.Combine(dagsFolder, path)));
        }

        return candidates.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Reads the first of <see cref="Candidates"/> that exists.</summary>
    /// <exception cref="FileNotFoundException">None exists; the message names every place tried.</exception>
    public static async Task<string> ReadAsync(string path, string? callerFilePath, Assembly? dagAssembly, CancellationToken ct)
    {
        var candidates = Candidates(path, callerFilePath, dagAssembly);
        foreach (var candidate in candidates)
        {
            if (File.Exists(candidate))
            {
                return await File.ReadAllTextAsync(candidate, ct);
            }
        }

        throw new FileNotFoundException(
            $"The file '{path}' was not found. Looked in: {string.Join("; ", candidates)}. Put it beside the DAG's .cs file " +
            "(in the DAGs folder), or copy it to the DAG assembly's output folder (CopyToOutputDirectory), or give an absolute path.", path);
    }
}
