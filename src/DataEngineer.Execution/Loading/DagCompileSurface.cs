using System.Collections.Frozen;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Microsoft.CodeAnalysis;

namespace DataEngineer.Execution.Loading;

/// <summary>
/// What a folder DAG compiles against, the same as a DAG project in an editor: the reference assemblies of the
/// .NET runtime (copied beside the host at build time, folder <see cref="ReferencesFolder"/>), the Sdk packages
/// and an explicit allow-list (<see cref="Allowed"/>), with the assemblies those reference. Never the host's
/// private dependencies (Hangfire, Quartz, MudBlazor, Newtonsoft.Json...): a DAG using one is an import error
/// naming the type and this list, instead of code that builds in the host and not in the editor.
/// </summary>
internal static class DagCompileSurface
{
    /// <summary>The folder beside the host holding the .NET reference assemblies.</summary>
    public const string ReferencesFolder = "dag-references";

    /// <summary>Changes when the surface's rules change, so cached units compiled under the old ones are compiled again.</summary>
    public const string Version = "surface-2";

    /// <summary>The assemblies a DAG may use besides the .NET runtime, with whatever they depend on.</summary>
    public static readonly IReadOnlyList<string> Allowed = ["DataEngineer.Sdk", "DataEngineer.Sdk.Postgres", "Npgsql"];

    private static readonly FrozenSet<string> LookedUp = new[] { "CS0246", "CS0234", "CS0103", "CS0012" }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly Lazy<(IReadOnlyList<string> Paths, IReadOnlyList<string> Names)> Surface = new(Find);

    private static readonly Lazy<IReadOnlyDictionary<string, SortedSet<string>>> PrivateNames = new(IndexPrivateNames);

    private static readonly Lazy<FrozenSet<string>> Shared = new(FindShared);

    /// <summary>The paths of every assembly on the surface.</summary>
    /// <exception cref="DirectoryNotFoundException">The host was built without the .NET reference assemblies.</exception>
    public static IReadOnlyList<string> Assemblies => Surface.Value.Paths;

    /// <summary>The allow-list with what it depends on, as a sentence for error messages.</summary>
    public static string Description =>
        $"a folder DAG compiles against the .NET runtime and {string.Join(", ", Surface.Value.Names)} only";

    /// <summary>
    /// Whether a DAG built with its own dependencies must use the host's copy of <paramref name="name"/>: the .NET
    /// runtime's assemblies, the engine's own and the allow-list with what it depends on (the Sdk's types must be the engine's). Any
    /// other assembly a DAG ships (a NuGet package, even one the host also uses privately) is the DAG's own.
    /// </summary>
    public static bool IsShared(AssemblyName name) => name.Name is { } simple && Shared.Value.Contains(simple);

    /// <summary>
    /// For a compiler error about a name that is not found: when the name is in one of the host's private assemblies,
    /// a sentence saying so and what a DAG may reference; otherwise empty.
    /// </summary>
    public static string Explain(Diagnostic diagnostic)
    {
        if (!LookedUp.Contains(diagnostic.Id) || diagnostic.Location.SourceTree is not { } tree)
        {
            return "";
        }

        var text = tree.GetText().ToString(diagnostic.Location.SourceSpan);
        var generic = text.IndexOf('<', StringComparison.Ordinal);
        var segments = (generic < 0 ? text : text[..generic]).Split('.', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        // Namespaces by their dotted prefixes, longest first, then each segment as a type name.
        var hit = Enumerable.Range(1, segments.Length).Reverse().Select(n => string.Join('.', segments[..n])).Concat(segments)
            .Select(name => PrivateNames.Value.TryGetValue(name, out var assemblies) ? (Name: name, Assemblies: assemblies) : default)
            .FirstOrDefault(h => h.Assemblies is not null);
        return hit.Assemblies is null
            ? ""
            : $". '{hit.Name}' is in {string.Join(", ", hit.Assemblies)}: the host's own dependencies, which DAG code cannot use; {Description}. " +
              "Use a type from those, or load the DAG from an assembly built with that package.";
    }

    private static (IReadOnlyList<string>, IReadOnlyList<string>) Find()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, ReferencesFolder);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException(
                $"The .NET reference assemblies DAG files compile against are missing: no folder '{folder}'. Rebuild or reinstall the host; its build copies them there.");
        }

        var runtime = Directory.EnumerateFiles(folder, "*.dll").Order(StringComparer.Ordinal).ToList();
        var runtimeNames = runtime.Select(Path.GetFileNameWithoutExtension).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var host = HostAssemblies();
        var names = new List<string>();
        var pending = new Queue<string>(Allowed);
        while (pending.TryDequeue(out var name))
        {
            if (runtimeNames.Contains(name) || names.Contains(name, StringComparer.OrdinalIgnoreCase) || !host.TryGetValue(name, out var path))
            {
                continue;
            }

            names.Add(name);
            foreach (var reference in ReferencedNames(path))
            {
                pending.Enqueue(reference);
            }
        }

        return ([.. runtime, .. names.Select(n => host[n])], names);
    }

    // The host's assemblies outside its own folder (the shared frameworks), the engine's own, and the allow-list's closure over the host's.
    private static FrozenSet<string> FindShared()
    {
        var host = HostAssemblies();
        var own = Path.GetFullPath(AppContext.BaseDirectory);
        var shared = host
            .Where(a => !Path.GetFullPath(a.Value).StartsWith(own, StringComparison.Ordinal) || a.Key.StartsWith("DataEngineer.", StringComparison.Ordinal))
            .Select(a => a.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var visited = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = new Queue<string>(Allowed);
        while (pending.TryDequeue(out var name))
        {
            if (host.TryGetValue(name, out var path) && Path.GetFullPath(path).StartsWith(own, StringComparison.Ordinal) && visited.Add(name))
            {
                shared.Add(name);
                foreach (var reference in ReferencedNames(path))
                {
                    pending.Enqueue(reference);
                }
            }
        }

        return shared.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }

    // The assemblies the host can load (its trusted platform assemblies), by simple name.
    private static Dictionary<string, string> HostAssemblies() =>
        (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .GroupBy(Path.GetFileNameWithoutExtension, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key!, g => g.First(), StringComparer.OrdinalIgnoreCase);

    private static List<string> ReferencedNames(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        var metadata = pe.GetMetadataReader();
        return metadata.AssemblyReferences.Select(h => metadata.GetString(metadata.GetAssemblyReference(h).Name)).ToList();
    }

    // Namespaces (but not System and Microsoft alone) and public type names of the host's assemblies a DAG may not use -> the assembly. Built only
    // when a compile error needs it.
    private static Dictionary<string, SortedSet<string>> IndexPrivateNames()
    {
        var allowed = Surface.Value.Names.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var runtime = Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, ReferencesFolder), "*.dll")
            .Select(Path.GetFileNameWithoutExtension).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var names = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var (name, path) in HostAssemblies().Where(a => !allowed.Contains(a.Key) && !runtime.Contains(a.Key)).OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            try
            {
                using var pe = new PEReader(File.OpenRead(path));
                if (!pe.HasMetadata)
                {
                    continue;
                }

                var metadata = pe.GetMetadataReader();
                foreach (var type in metadata.TypeDefinitions.Select(metadata.GetTypeDefinition).Where(t => (t.Attributes & TypeAttributes.VisibilityMask) == TypeAttributes.Public))
                {
                    var space = metadata.GetString(type.Namespace).Split('.', StringSplitOptions.RemoveEmptyEntries);
                    var prefixes = Enumerable.Range(1, space.Length).Select(n => string.Join('.', space[..n])).Where(p => p is not ("System" or "Microsoft"));
                    foreach (var key in prefixes.Append(StripArity(metadata.GetString(type.Name))))
                    {
                        if (!names.TryGetValue(key, out var assemblies))
                        {
                            names[key] = assemblies = new SortedSet<string>(StringComparer.Ordinal);
                        }

                        assemblies.Add(name);
                    }
                }
            }
            catch (Exception e) when (e is BadImageFormatException or IOException or UnauthorizedAccessException)
            {
                // Not an assembly we can read: nothing to name from it.
            }
        }

        return names;
    }

    private static string StripArity(string typeName) => typeName.IndexOf('`', StringComparison.Ordinal) is var tick and >= 0 ? typeName[..tick] : typeName;
}
