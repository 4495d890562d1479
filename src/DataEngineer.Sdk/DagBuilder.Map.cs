namespace DataEngineer.Sdk;

// Dynamic task mapping (Airflow's expand): one task instance per element of a list known at run time or a constant list.
// The overloads mirror Task's (sync and async, with or without output), each with the same optional options last.
#pragma warning disable RS0026
public sealed partial class DagBuilder
{
    /// <summary>
    /// Adds a mapped task: when <paramref name="items"/> succeeds, one instance of the task runs per element of the list it
    /// returned, each with its own tries, log, row counts and XCom, addressed as <c>id[index]</c>. Downstream tasks
    /// receive the instances' results as one list in index order. An empty list skips the task; a list longer than
    /// <see cref="TaskOptions.MaxMapLength"/> (or <c>DataEngineer:MaxMapLength</c>, default 10,000) fails it.
    /// </summary>
    /// <example><code>
    /// var files = dag.Task&lt;IReadOnlyList&lt;string&gt;&gt;("list_files", ctx => ["a.csv", "b.csv"]);
    /// var counts = dag.Map("count_lines", files, (ctx, file) => File.ReadLines(file).LongCount());
    /// dag.Task("report", counts, (ctx, all) => ctx.Logger.LogInformation("{Total} lines", all.Sum()));
    /// </code></example>
    public TaskRef<IReadOnlyList<TOut>> Map<T, TOut>(string id, TaskRef<IReadOnlyList<T>> items, Func<TaskContext, T, TOut> run, TaskOptions? options = null) =>
        AddMapped<T, IReadOnlyList<TOut>>(id, items, null, typeof(TOut), options, (ctx, item) => System.Threading.Tasks.Task.FromResult<object?>(run(ctx, (T)item!)));

    /// <inheritdoc cref="Map{T, TOut}(string, TaskRef{IReadOnlyList{T}}, Func{TaskContext, T, TOut}, TaskOptions?)"/>
    public TaskRef<IReadOnlyList<TOut>> Map<T, TOut>(string id, TaskRef<IReadOnlyList<T>> items, Func<TaskContext, T, Task<TOut>> run, TaskOptions? options = null) =>
        AddMapped<T, IReadOnlyList<TOut>>(id, items, null, typeof(TOut), options, async (ctx, item) => await run(ctx, (T)item!));

    /// <summary>Adds a mapped task whose instances return nothing (see <see cref="Map{T, TOut}(string, TaskRef{IReadOnlyList{T}}, Func{TaskContext, T, TOut}, TaskOptions?)"/>).</summary>
    public TaskRef Map<T>(string id, TaskRef<IReadOnlyList<T>> items, Action<TaskContext, T> run, TaskOptions? options = null) =>
        AddMapped<T, object>(id, items, null, null, options, (ctx, item) => { run(ctx, (T)item!); return System.Threading.Tasks.Task.FromResult<object?>(null); });

    /// <inheritdoc cref="Map{T}(string, TaskRef{IReadOnlyList{T}}, Action{TaskContext, T}, TaskOptions?)"/>
    public TaskRef Map<T>(string id, TaskRef<IReadOnlyList<T>> items, Func<TaskContext, T, Task> run, TaskOptions? options = null) =>
        AddMapped<T, object>(id, items, null, null, options, async (ctx, item) => { await run(ctx, (T)item!); return null; });

    /// <summary>Adds a task mapped over a constant list: one instance per element (see <see cref="Map{T, TOut}(string, TaskRef{IReadOnlyList{T}}, Func{TaskContext, T, TOut}, TaskOptions?)"/>).</summary>
    public TaskRef<IReadOnlyList<TOut>> Map<T, TOut>(string id, IReadOnlyList<T> items, Func<TaskContext, T, TOut> run, TaskOptions? options = null) =>
        AddMapped<T, IReadOnlyList<TOut>>(id, null, items, typeof(TOut), options, (ctx, item) => System.Threading.Tasks.Task.FromResult<object?>(run(ctx, (T)item!)));

    /// <inheritdoc cref="Map{T, TOut}(string, IReadOnlyList{T}, Func{TaskContext, T, TOut}, TaskOptions?)"/>
    public TaskRef<IReadOnlyList<TOut>> Map<T, TOut>(string id, IReadOnlyList<T> items, Func<TaskContext, T, Task<TOut>> run, TaskOptions? options = null) =>
        AddMapped<T, IReadOnlyList<TOut>>(id, null, items, typeof(TOut), options, async (ctx, item) => await run(ctx, (T)item!));

    /// <summary>Adds a task mapped over a constant list whose instances return nothing.</summary>
    public TaskRef Map<T>(string id, IReadOnlyList<T> items, Action<TaskContext, T> run, TaskOptions? options = null) =>
        AddMapped<T, object>(id, null, items, null, options, (ctx, item) => { run(ctx, (T)item!); return System.Threading.Tasks.Task.FromResult<object?>(null); });

    /// <inheritdoc cref="Map{T}(string, IReadOnlyList{T}, Action{TaskContext, T}, TaskOptions?)"/>
    public TaskRef Map<T>(string id, IReadOnlyList<T> items, Func<TaskContext, T, Task> run, TaskOptions? options = null) =>
        AddMapped<T, object>(id, null, items, null, options, async (ctx, item) => { await run(ctx, (T)item!); return null; });

    // The task itself is the expansion: it returns the list (its upstream's, or the constant) for the engine to split.
    private TaskRef<TList> AddMapped<T, TList>(string id, TaskRef<IReadOnlyList<T>>? source, IReadOnlyList<T>? constant, Type? itemOutputType, TaskOptions? options,
        Func<TaskContext, object?, Task<object?>> invokeItem)
    {
        TaskInput[] inputs = source is null ? [] : [In(source)];
        var mapping = new TaskMapping(typeof(T), itemOutputType, invokeItem);
        Register(Qualified(id), TaskKind.Normal, inputs, itemOutputType is null ? null : typeof(TList), options,
            (_, args) => System.Threading.Tasks.Task.FromResult<object?>(source is null ? constant : args[0]), mapping);
        return new TaskRef<TList>(this, Qualified(id));
    }
}
#pragma warning restore RS0026
