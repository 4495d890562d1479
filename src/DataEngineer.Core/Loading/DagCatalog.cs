using System.Reflection;
using DataEngineer.Core.Validation;
using DataEngineer.Sdk;

namespace DataEngineer.Core.Loading;

/// <summary>
/// The DAGs a host knows: every concrete <see cref="Dag"/> class with a public parameterless
/// constructor, built and validated. A DAG that fails is an import error and every other DAG
/// still loads; two classes with one DAG id are both refused.
/// </summary>
public sealed class DagCatalog
{
    private DagCatalog(IReadOnlyDictionary<string, DagGraph> dags, IReadOnlyList<DagImportError> errors)
    {
        Dags = dags;
        Errors = errors;
    }

    public IReadOnlyDictionary<string, DagGraph> Dags { get; }

    public IReadOnlyList<DagImportError> Errors { get; }

    /// <summary>This catalog with more import errors (from sources that could not be read at all).</summary>
    public DagCatalog WithErrors(IEnumerable<DagImportError> errors) => new(Dags, [.. Errors, .. errors]);

    public static DagCatalog FromAssemblies(IEnumerable<Assembly> assemblies) =>
        FromTypes(assemblies.SelectMany(a => a.GetTypes()).Where(IsDagClass));

    public static DagCatalog FromTypes(IEnumerable<Type> types)
    {
        var errors = new List<DagImportError>();
        var built = new List<(Type Type, DagGraph Graph)>();
        foreach (var type in types.OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            if (Load(type, errors) is { } graph)
            {
                built.Add((type, graph));
            }
        }

        var dags = new Dictionary<string, DagGraph>(StringComparer.Ordinal);
        foreach (var group in built.GroupBy(b => b.Graph.DagId, StringComparer.Ordinal))
        {
            if (group.Count() == 1)
            {
                dags[group.Key] = group.Single().Graph;
                continue;
            }

            var classes = string.Join(" and ", group.Select(g => g.Type.FullName));
            errors.Add(new DagImportError(classes, group.Key,
                $"the DAG id '{group.Key}' is defined by {classes}; neither is loaded until one is renamed or removed."));
        }

        return new DagCatalog(dags, errors);
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

    private static DagGraph? Load(Type type, List<DagImportError> errors)
    {
        if (type.GetConstructor(Type.EmptyTypes) is null)
        {
            errors.Add(new DagImportError(type.FullName!, null, $"{type.Name} needs a public parameterless constructor to be loaded."));
            return null;
        }

        Dag dag;
        try
        {
            dag = (Dag)Activator.CreateInstance(type)!;
        }
        catch (Exception e)
        {
            errors.Add(new DagImportError(type.FullName!, null, $"{type.Name}'s constructor threw: {Describe(e)}"));
            return null;
        }

        DagDefinition definition;
        try
        {
            definition = dag.Build();
        }
        catch (Exception e)
        {
            errors.Add(new DagImportError(type.FullName!, dag.Id, $"{type.Name} threw while its graph was built: {Describe(e)}"));
            return null;
        }

        var problems = new List<DagValidationError>();
        var graph = DagValidator.TryValidate(definition, problems);
        foreach (var problem in problems)
        {
            errors.Add(new DagImportError(type.FullName!, definition.Id, problem.ToString()));
        }

        return graph;
    }

    private static string Describe(Exception e)
    {
        var cause = e is TargetInvocationException { InnerException: { } inner } ? inner : e;
        return $"{cause.GetType().Name}: {cause.Message}";
    }
}
