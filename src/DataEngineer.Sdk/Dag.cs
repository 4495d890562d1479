namespace DataEngineer.Sdk;

/// <summary>
/// A DAG: derive from this class, pass the id and options to the base constructor and define the
/// tasks in <see cref="Define"/>. The class needs a public parameterless constructor; the host
/// finds every such class in the DAG assemblies and folder.
/// </summary>
/// <example><code>
/// public sealed class HelloDag() : Dag("hello", new DagOptions { Schedule = "@daily", StartDate = new(2024, 1, 1) })
/// {
///     protected override void Define(DagBuilder dag)
///     {
///         var greeting = dag.Task("make_greeting", ctx => $"hello for {ctx.LogicalDate:yyyy-MM-dd}");
///         dag.Task("print_greeting", greeting, (ctx, text) => ctx.Logger.LogInformation("{Text}", text));
///     }
/// }
/// </code></example>
public abstract class Dag
{
    /// <summary>Creates the DAG with its id and options.</summary>
    /// <param name="id">Unique DAG id: letters, digits, <c>_</c>, <c>-</c> and <c>.</c>.</param>
    /// <param name="options">Schedule, ownership and task defaults.</param>
    protected Dag(string id, DagOptions? options = null)
    {
        Id = id;
        Options = options ?? new DagOptions();
    }

    /// <summary>The DAG id.</summary>
    public string Id { get; }

    /// <summary>The DAG's options.</summary>
    public DagOptions Options { get; }

    /// <summary>The params type run conf is bound to, or null. Set by deriving from <see cref="Dag{TParams}"/>.</summary>
    public virtual Type? ParamsType => null;

    /// <summary>Builds the task graph. Runs no tasks, and must do no I/O: it only declares.</summary>
    public DagDefinition Build()
    {
        var builder = new DagBuilder();
        Define(builder);
        return builder.Build(this);
    }

    /// <summary>Declares the DAG's tasks and their dependencies.</summary>
    protected abstract void Define(DagBuilder dag);
}
