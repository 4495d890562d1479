namespace DataEngineer.Sdk;

// The Task overloads: 0 to 3 typed inputs, with or without a return value, sync or async.
// C# overload resolution picks the async form for async lambdas (as with Task.Run).
public sealed partial class DagBuilder
{
    /// <summary>Adds a task that returns nothing.</summary>
    public TaskRef Task(string id, Func<TaskContext, Task> run, TaskOptions? options = null) =>
        Add(id, TaskKind.Normal, [], null, options, async (ctx, _) => { await run(ctx); return null; });

    /// <inheritdoc cref="Task(string, Func{TaskContext, Task}, TaskOptions?)"/>
    public TaskRef Task(string id, Action<TaskContext> run, TaskOptions? options = null) =>
        Add(id, TaskKind.Normal, [], null, options, (ctx, _) => { run(ctx); return System.Threading.Tasks.Task.FromResult<object?>(null); });

    /// <summary>Adds a task whose return value downstream tasks can receive.</summary>
    public TaskRef<TOut> Task<TOut>(string id, Func<TaskContext, Task<TOut>> run, TaskOptions? options = null) =>
        Add<TOut>(id, [], options, async (ctx, _) => await run(ctx));

    /// <inheritdoc cref="Task{TOut}(string, Func{TaskContext, Task{TOut}}, TaskOptions?)"/>
    public TaskRef<TOut> Task<TOut>(string id, Func<TaskContext, TOut> run, TaskOptions? options = null) =>
        Add<TOut>(id, [], options, (ctx, _) => System.Threading.Tasks.Task.FromResult<object?>(run(ctx)));

    /// <summary>Adds a task that receives <paramref name="input"/>'s return value and returns nothing.</summary>
    public TaskRef Task<TIn>(string id, TaskRef<TIn> input, Func<TaskContext, TIn, Task> run, TaskOptions? options = null) =>
        Add(id, TaskKind.Normal, [In(input)], null, options, async (ctx, a) => { await run(ctx, Arg<TIn>(a, 0)); return null; });

    /// <inheritdoc cref="Task{TIn}(string, TaskRef{TIn}, Func{TaskContext, TIn, Task}, TaskOptions?)"/>
    public TaskRef Task<TIn>(string id, TaskRef<TIn> input, Action<TaskContext, TIn> run, TaskOptions? options = null) =>
        Add(id, TaskKind.Normal, [In(input)], null, options, (ctx, a) => { run(ctx, Arg<TIn>(a, 0)); return System.Threading.Tasks.Task.FromResult<object?>(null); });

    /// <summary>Adds a task that receives <paramref name="input"/>'s return value and returns its own.</summary>
    public TaskRef<TOut> Task<TIn, TOut>(string id, TaskRef<TIn> input, Func<TaskContext, TIn, Task<TOut>> run, TaskOptions? options = null) =>
        Add<TOut>(id, [In(input)], options, async (ctx, a) => await run(ctx, Arg<TIn>(a, 0)));

    /// <inheritdoc cref="Task{TIn, TOut}(string, TaskRef{TIn}, Func{TaskContext, TIn, Task{TOut}}, TaskOptions?)"/>
    public TaskRef<TOut> Task<TIn, TOut>(string id, TaskRef<TIn> input, Func<TaskContext, TIn, TOut> run, TaskOptions? options = null) =>
        Add<TOut>(id, [In(input)], options, (ctx, a) => System.Threading.Tasks.Task.FromResult<object?>(run(ctx, Arg<TIn>(a, 0))));

    /// <summary>Adds a task that receives two upstream values and returns nothing.</summary>
    public TaskRef Task<T1, T2>(string id, TaskRef<T1> first, TaskRef<T2> second, Func<TaskContext, T1, T2, Task> run, TaskOptions? options = null) =>
        Add(id, TaskKind.Normal, [In(first), In(second)], null, options, async (ctx, a) => { await run(ctx, Arg<T1>(a, 0), Arg<T2>(a, 1)); return null; });

    /// <inheritdoc cref="Task{T1, T2}(string, TaskRef{T1}, TaskRef{T2}, Func{TaskContext, T1, T2, Task}, TaskOptions?)"/>
    public TaskRef Task<T1, T2>(string id, TaskRef<T1> first, TaskRef<T2> second, Action<TaskContext, T1, T2> run, TaskOptions? options = null) =>
        Add(id, TaskKind.Normal, [In(first), In(second)], null, options, (ctx, a) => { run(ctx, Arg<T1>(a, 0), Arg<T2>(a, 1)); return System.Threading.Tasks.Task.FromResult<object?>(null); });

    /// <summary>Adds a task that receives two upstream values and returns its own.</summary>
    public TaskRef<TOut> Task<T1, T2, TOut>(string id, TaskRef<T1> first, TaskRef<T2> second, Func<TaskContext, T1, T2, Task<TOut>> run, TaskOptions? options = null) =>
        Add<TOut>(id, [In(first), In(second)], options, async (ctx, a) => await run(ctx, Arg<T1>(a, 0), Arg<T2>(a, 1)));

    /// <inheritdoc cref="Task{T1, T2, TOut}(string, TaskRef{T1}, TaskRef{T2}, Func{TaskContext, T1, T2, Task{TOut}}, TaskOptions?)"/>
    public TaskRef<TOut> Task<T1, T2, TOut>(string id, TaskRef<T1> first, TaskRef<T2> second, Func<TaskContext, T1, T2, TOut> run, TaskOptions? options = null) =>
        Add<TOut>(id, [In(first), In(second)], options, (ctx, a) => System.Threading.Tasks.Task.FromResult<object?>(run(ctx, Arg<T1>(a, 0), Arg<T2>(a, 1))));

    /// <summary>Adds a task that receives three upstream values and returns its own.</summary>
    public TaskRef<TOut> Task<T1, T2, T3, TOut>(string id, TaskRef<T1> first, TaskRef<T2> second, TaskRef<T3> third, Func<TaskContext, T1, T2, T3, Task<TOut>> run, TaskOptions? options = null) =>
        Add<TOut>(id, [In(first), In(second), In(third)], options, async (ctx, a) => await run(ctx, Arg<T1>(a, 0), Arg<T2>(a, 1), Arg<T3>(a, 2)));

    /// <inheritdoc cref="Task{T1, T2, T3, TOut}(string, TaskRef{T1}, TaskRef{T2}, TaskRef{T3}, Func{TaskContext, T1, T2, T3, Task{TOut}}, TaskOptions?)"/>
    public TaskRef<TOut> Task<T1, T2, T3, TOut>(string id, TaskRef<T1> first, TaskRef<T2> second, TaskRef<T3> third, Func<TaskContext, T1, T2, T3, TOut> run, TaskOptions? options = null) =>
        Add<TOut>(id, [In(first), In(second), In(third)], options, (ctx, a) => System.Threading.Tasks.Task.FromResult<object?>(run(ctx, Arg<T1>(a, 0), Arg<T2>(a, 1), Arg<T3>(a, 2))));
}
