using System.Reflection;
using DataEngineer.Core.Validation;
using DataEngineer.Sdk;

namespace DataEngineer.Core.Loading;

/// <summary>
/// The DAGs a host knows: every concrete <see cref="Dag"/> class with a public parameterless
/// constructor, built and validated. A DAG that fails is an import error and every other DAG
/// still loads; two classes (or two files) with one DAG id are both refused.
/// </summary>
public sealed class DagCatalog
{
    private DagCatalog(IReadOnlyDictionary<string, DagGraph> dags, IReadOnlyDictionary<string, string> sources, IReadOnlyList<DagImportError> errors)
    {
        Dags = dags;
        Sources = sources;
        Errors = errors;
    }

    /// <summary>How long a DAG's constructor and <c>Define</c> may take, by default, before the DAG is an import error.</summary>
    public static readonly TimeSpan DefaultBuildTimeout = TimeSpan.FromSeconds(30);

    public static DagCatalog Empty { get; } = new(new Dictionary<string, DagGraph>(), new Dictionary<string, string>(), []);

    public IReadOnlyDictionary<string, DagGraph> Dags { get; }

    /// <summary>Where each DAG came from: its file, or its class when it came from an assembly.</summary>
    public IReadOnlyDictionary<string, string> Sources { get; }

    public IReadOnlyList<DagImportError> Errors { get; }

    /// <summary>This catalog with more import errors (from sources that could not be read at all).</summary>
    public DagCatalog WithErrors(IEnumerable<DagImportError> errors) => new(Dags, Sources, [.. Errors, .. errors]);

    /// <summary>This catalog with only the DAGs <paramref name="keep"/> accepts, and its errors only if <paramref name="withErrors"/>.</summary>
    public DagCatalog Restrict(Func<string, bool> keep, bool withErrors) => new(
        Dags.Where(d => keep(d.Key)).ToDictionary(d => d.Key, d => d.Value, StringComparer.Ordinal),
        Sources.Where(s => keep(s.Key)).ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal),
        withErrors ? Errors : []);

    public static DagCatalog FromAssemblies(IEnumerable<Assembly> assemblies) =>
        FromTypes(assemblies.SelectMany(a => a.GetTypes()).Where(IsDagClass));

    /// <summary>
    /// The DAG classes of several units of source files, built together on up to <paramref name="lanes"/> threads:
    /// one catalog per unit, in order, whose errors and <see cref="Sources"/> name each class's file. Two classes of
    /// one unit with one DAG id are refused and named by file, as in <see cref="Combine"/>.
    /// </summary>
    public static IReadOnlyList<DagCatalog> FromUnits(IReadOnlyList<IReadOnlyList<DagClass>> units, int lanes, TimeSpan? buildTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(units);
        var classes = units.SelectMany(u => u.Where(c => IsDagClass(c.Type))).ToList();
        var builds = DagClassBuilds.Run(classes.Where(c => HasConstructor(c.Type)).ToList(), buildTimeout ?? DefaultBuildTimeout, lanes);
        var built = new Queue<DagClassBuild>(builds);
        var catalogs = new List<DagCatalog>(units.Count);
        foreach (var unit in units)
        {
            catalogs.Add(Combine(unit.Where(c => IsDagClass(c.Type)).Select(c => FromBuild(c, HasConstructor(c.Type) ? built.Dequeue() : null))));
        }

        return catalogs;
    }

    /// <summary>
    /// Several catalogs as one. A DAG id defined in more than one of them is an import error naming
    /// every source, and none of the definitions is loaded: neither silently wins.
    /// </summary>
    public static DagCatalog Combine(IEnumerable<DagCatalog> parts)
    {
        var list = parts.ToList();
        var dags = new Dictionary<string, DagGraph>(StringComparer.Ordinal);
        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = list.SelectMany(p => p.Errors).ToList();
        foreach (var group in list.SelectMany(p => p.Dags.Values.Select(g => (Graph: g, Source: p.Sources[g.DagId]))).GroupBy(d => d.Graph.DagId, StringComparer.Ordinal))
        {
            if (group.Count() == 1)
            {
                dags[group.Key] = group.Single().Graph;
                sources[group.Key] = group.Single().Source;
                continue;
            }

            var where = string.Join(" and ", group.Select(g => g.Source).Order(StringComparer.Ordinal));
            foreach (var (_, source) in group)
            {
                errors.Add(new DagImportError(source, group.Key, $"the DAG id '{group.Key}' is defined in {where}; neither is loaded until one is renamed or removed."));
            }
        }

        return new DagCatalog(dags, sources, errors);
    }

    /// <summary>Builds and validates each DAG class; one whose constructor or <c>Define</c> runs past <paramref name="buildTimeout"/> (default 30 s) is an import error.</summary>
    public static DagCatalog FromTypes(IEnumerable<Type> types, string? source = null, TimeSpan? buildTimeout = null)
    {
        var classes = types.OrderBy(t => t.FullName, StringComparer.Ordinal).Select(t => new DagClass(t, source ?? t.FullName!)).ToList();
        var builds = DagClassBuilds.Run(classes.Where(c => HasConstructor(c.Type)).ToList(), buildTimeout ?? DefaultBuildTimeout, lanes: 1);
        var built = new Queue<DagClassBuild>(builds);
        var errors = new List<DagImportError>();
        var graphs = new List<(Type Type, DagGraph Graph)>();
        foreach (var dagClass in classes)
        {
            if (Graph(dagClass, HasConstructor(dagClass.Type) ? built.Dequeue() : null, errors) is { } graph)
            {
                graphs.Add((dagClass.Type, graph));
            }
        }

        var dags = new Dictionary<string, DagGraph>(StringComparer.Ordinal);
        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var group in graphs.GroupBy(b => b.Graph.DagId, StringComparer.Ordinal))
        {
            if (group.Count() == 1)
            {
                dags[group.Key] = group.Single().Graph;
                sources[group.Key] = source ?? group.Single().Type.FullName!;
                continue;
            }

            var names = string.Join(" and ", group.Select(g => g.Type.FullName));
            errors.Add(new DagImportError(source ?? names, group.Key,
                $"the DAG id '{group.Key}' is defined by {names}; neither is loaded until one is renamed or removed."));
        }

        return new DagCatalog(dags, sources, errors);
    }

    /// <summary>
    /// A DAG the engine builds itself (a system DAG such as the retention DAG), validated like any other: a problem is
    /// an import error under <paramref name="source"/>. <paramref name="errors"/> are added as they are.
    /// </summary>
    public static DagCatalog FromInstance(Dag dag, string source, IEnumerable<DagImportError>? errors = null)
    {
        ArgumentNullException.ThrowIfNull(dag);
        var problems = new List<DagImportError>(errors ?? []);
        var graph = Build(dag, source, problems);
        return graph is null
            ? new DagCatalog(new Dictionary<string, DagGraph>(), new Dictionary<string, string>(), problems)
            : new DagCatalog(new Dictionary<string, DagGraph> { [graph.DagId] = graph }, new Dictionary<string, string> { [graph.DagId] = source }, problems);
    }

    /// <exception cref="UnknownDagException">No DAG has that id; the message lists the known ids or the import error.</exception>
    public DagGraph Get(string dagId)
    {
        if (Dags.TryGetValue(dagId, out var graph))
        {
            return graph;
        }

        var importError = Errors.FirstOrDefault(e => e.DagId == dagId);
        throw new UnknownDagException(importError is not null
            ? $"DAG '{dagId}' failed to load: {importError.Message}"
            : $"No DAG '{dagId}'. Known DAGs: {(Dags.Count == 0 ? "none" : string.Join(", ", Dags.Keys.Order(StringComparer.Ordinal)))}. " +
              "Run 'dags list' to see them.");
    }

    private static bool IsDagClass(Type type) =>
        type is { IsAbstract: false, IsClass: true, ContainsGenericParameters: false } && typeof(Dag).IsAssignableFrom(type);

    private static bool HasConstructor(Type type) => type.GetConstructor(Type.EmptyTypes) is not null;

    // A class without a public parameterless constructor has no build: that is its import error.
    private static DagGraph? Graph(DagClass dagClass, DagClassBuild? build, List<DagImportError> errors)
    {
        if (build is null)
        {
            errors.Add(new DagImportError(dagClass.Source, null, $"{dagClass.Type.Name} needs a public parameterless constructor to be loaded."));
            return null;
        }

        if (build.Error is not null)
        {
            errors.Add(build.Error);
            return null;
        }

        return Validated(build.Definition!, dagClass.Source, errors);
    }

    private static DagCatalog FromBuild(DagClass dagClass, DagClassBuild? build)
    {
        var errors = new List<DagImportError>();
        return Graph(dagClass, build, errors) is { } graph
            ? new DagCatalog(new Dictionary<string, DagGraph> { [graph.DagId] = graph }, new Dictionary<string, string> { [graph.DagId] = dagClass.Source }, errors)
            : new DagCatalog(new Dictionary<string, DagGraph>(), new Dictionary<string, string>(), errors);
    }

    private static DagGraph? Build(Dag dag, string source, List<DagImportError> errors)
    {
        DagDefinition definition;
        try
        {
            definition = dag.Build();
        }
        catch (Exception e)
        {
            errors.Add(new DagImportError(source, dag.Id, $"{dag.GetType().Name} threw while its graph was built: {DagClassBuilds.Describe(e)}"));
            return null;
        }

        return Validated(definition, source, errors);
    }

    private static DagGraph? Validated(DagDefinition definition, string source, List<DagImportError> errors)
    {
        var problems = new List<DagValidationError>();
        var graph = DagValidator.TryValidate(definition, problems);
        foreach (var problem in problems)
        {
            errors.Add(new DagImportError(source, definition.Id, problem.ToString()));
        }

        return graph;
    }
}
