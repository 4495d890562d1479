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

    /// <summary>The DAG classes of an assembly compiled from source files: errors and <see cref="Sources"/> name each class's file.</summary>
    /// <exception cref="ReflectionTypeLoadException">A type of the assembly could not be loaded.</exception>
    public static DagCatalog FromAssembly(Assembly assembly, Func<Type, string> sourceOf) =>
        Combine(assembly.GetTypes().Where(IsDagClass).Select(t => FromTypes([t], sourceOf(t))));

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
        var errors = new List<DagImportError>();
        var built = new List<(Type Type, DagGraph Graph)>();
        foreach (var type in types.OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            if (Load(type, source ?? type.FullName!, buildTimeout ?? DefaultBuildTimeout, errors) is { } graph)
            {
                built.Add((type, graph));
            }
        }

        var dags = new Dictionary<string, DagGraph>(StringComparer.Ordinal);
        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var group in built.GroupBy(b => b.Graph.DagId, StringComparer.Ordinal))
        {
            if (group.Count() == 1)
            {
                dags[group.Key] = group.Single().Graph;
                sources[group.Key] = source ?? group.Single().Type.FullName!;
                continue;
            }

            var classes = string.Join(" and ", group.Select(g => g.Type.FullName));
            errors.Add(new DagImportError(source ?? classes, group.Key,
                $"the DAG id '{group.Key}' is defined by {classes}; neither is loaded until one is renamed or removed."));
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

    private static DagGraph? Load(Type type, string source, TimeSpan buildTimeout, List<DagImportError> errors)
    {
        if (type.GetConstructor(Type.EmptyTypes) is null)
        {
            errors.Add(new DagImportError(source, null, $"{type.Name} needs a public parameterless constructor to be loaded."));
            return null;
        }

        var (definition, error) = BuildWithin(type, source, buildTimeout);
        if (error is not null)
        {
            errors.Add(error);
            return null;
        }

        return Validated(definition!, source, errors);
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
            errors.Add(new DagImportError(source, dag.Id, $"{dag.GetType().Name} threw while its graph was built: {Describe(e)}"));
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

    // A constructor or Define that never returns (an endless loop, a network call without a timeout) must not
    // hold every other DAG's loading: it runs on its own thread, and after the limit it is an import error. The
    // thread cannot be stopped; it is a background thread, so it does not keep the process alive.
    private static (DagDefinition? Definition, DagImportError? Error) BuildWithin(Type type, string source, TimeSpan limit)
    {
        (DagDefinition?, DagImportError?) outcome = (null, null);
        string? dagId = null;
        var builder = new Thread(() =>
        {
            Dag dag;
            try
            {
                dag = (Dag)Activator.CreateInstance(type)!;
            }
            catch (Exception e)
            {
                outcome = (null, new DagImportError(source, null, $"{type.Name}'s constructor threw: {Describe(e)}"));
                return;
            }

            dagId = dag.Id;
            try
            {
                outcome = (dag.Build(), null);
            }
            catch (Exception e)
            {
                outcome = (null, new DagImportError(source, dag.Id, $"{type.Name} threw while its graph was built: {Describe(e)}"));
            }
        })
        {
            IsBackground = true,
            Name = $"build {type.Name}",
        };
        builder.Start();
        if (!builder.Join(limit))
        {
            return (null, new DagImportError(source, dagId,
                $"{type.Name} did not finish building its graph within {limit.TotalSeconds:0} s: its constructor or Define never returned " +
                "(an endless loop, or I/O that hangs). Building a DAG must not do I/O; do it in a task."));
        }

        return outcome;
    }

    private static string Describe(Exception e)
    {
        var cause = e is TargetInvocationException { InnerException: { } inner } ? inner : e;
        return $"{cause.GetType().Name}: {cause.Message}";
    }
}
