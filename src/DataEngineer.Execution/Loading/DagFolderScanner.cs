using System.Security.Cryptography;
using System.Text;

namespace DataEngineer.Execution.Loading;

/// <summary>
/// Finds the compilation units of a DAGs folder. A file is read again only when its size or write
/// time changed, so rescanning an unchanged folder of a thousand files costs a directory walk.
/// Hidden folders and build output (bin, obj) are skipped. A top-level subfolder holding a project file
/// (<c>*.csproj</c>) is a project unit: its C#, project, MSBuild and NuGet files, built with the .NET SDK.
/// </summary>
internal sealed class DagFolderScanner(string folder, string compilerFingerprint)
{
    private static readonly HashSet<string> Skipped = new(StringComparer.OrdinalIgnoreCase) { "bin", "obj" };

    // What decides a project unit's build besides its C# files.
    private static readonly string[] ProjectPatterns = ["*.csproj", "*.props", "*.targets", "nuget.config", "packages.lock.json"];

    private static readonly EnumerationOptions AnyCase = new() { MatchCasing = MatchCasing.CaseInsensitive };

    private readonly Dictionary<string, (DateTime WrittenAt, long Length, byte[] Content)> _stamps = new(StringComparer.Ordinal);

    public string Folder { get; } = Path.GetFullPath(folder);

    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public IReadOnlyList<DagSourceUnit> Scan()
    {
        if (File.Exists(Folder))
        {
            throw new DirectoryNotFoundException($"The DAGs folder '{Folder}' is a file, not a folder. Point DataEngineer:DagsFolder (or --dags-folder) at the folder holding your DAG files.");
        }

        if (!Directory.Exists(Folder))
        {
            throw new DirectoryNotFoundException($"The DAGs folder '{Folder}' does not exist. Create it or point DataEngineer:DagsFolder (or --dags-folder) at the folder holding your DAG files.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var units = new List<DagSourceUnit>();
        foreach (var file in Directory.EnumerateFiles(Folder, "*.cs").Order(StringComparer.Ordinal))
        {
            units.Add(Unit(Path.GetFileName(file), [Read(file, seen)]));
        }

        foreach (var directory in Directory.EnumerateDirectories(Folder).Where(Included).Order(StringComparer.Ordinal))
        {
            var isProject = Directory.EnumerateFiles(directory, "*.csproj").Any();
            var files = (isProject ? ProjectFilesBeneath(directory) : FilesBeneath(directory)).Select(f => Read(f, seen)).ToList();
            if (files.Count > 0)
            {
                units.Add(Unit(Path.GetFileName(directory) + "/", files, isProject));
            }
        }

        foreach (var gone in _stamps.Keys.Where(k => !seen.Contains(k)).ToList())
        {
            _stamps.Remove(gone);
        }

        return units;
    }

    private static IEnumerable<string> FilesBeneath(string directory) =>
        Directory.EnumerateFiles(directory, "*.cs")
            .Concat(Directory.EnumerateDirectories(directory).Where(Included).SelectMany(FilesBeneath))
            .Order(StringComparer.Ordinal);

    private static IEnumerable<string> ProjectFilesBeneath(string directory) =>
        ProjectPatterns.SelectMany(p => Directory.EnumerateFiles(directory, p, AnyCase)).Distinct(StringComparer.Ordinal)
            .Concat(Directory.EnumerateFiles(directory, "*.cs"))
            .Concat(Directory.EnumerateDirectories(directory).Where(Included).SelectMany(ProjectFilesBeneath))
            .Order(StringComparer.Ordinal);

    private static bool Included(string directory)
    {
        var name = Path.GetFileName(directory);
        return !name.StartsWith('.') && !Skipped.Contains(name);
    }

    private DagSourceFile Read(string path, HashSet<string> seen)
    {
        seen.Add(path);
        var info = new FileInfo(path);
        if (!_stamps.TryGetValue(path, out var stamp) || stamp.WrittenAt != info.LastWriteTimeUtc || stamp.Length != info.Length)
        {
            stamp = (info.LastWriteTimeUtc, info.Length, File.ReadAllBytes(path));
            _stamps[path] = stamp;
        }

        return new DagSourceFile(Path.GetRelativePath(Folder, path).Replace('\\', '/'), path, stamp.Content);
    }

    private DagSourceUnit Unit(string name, IReadOnlyList<DagSourceFile> files, bool isProject = false)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(compilerFingerprint));
        foreach (var file in files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes($"\0{file.RelativePath}\0{file.Content.Length}\0"));
            hash.AppendData(file.Content);
        }

        return new DagSourceUnit(name, files, Convert.ToHexStringLower(hash.GetHashAndReset())[..32], isProject);
    }
}
