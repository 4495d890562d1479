namespace DataEngineer.Sdk;

/// <summary>
/// Declares the tasks of a DAG inside <see cref="Dag.Define"/>. Each method adds one task and
/// returns a reference to it. Passing a <see cref="TaskRef{T}"/> to a later task makes that task
/// depend on it and receive its return value (typed XCom). Sync and async task bodies are both
/// accepted; a task body gets a <see cref="TaskContext"/> first.
/// </summary>
public sealed partial class DagBuilder
{
    private readonly List<TaskEntry> _tasks = [];

    internal DagBuilder()
    {
    }

    /// <summary>Orders tasks in a line: each runs after the one before it.</summary>
    public void Chain(params TaskRef[] tasks)
    {
        for (var i = 1; i < tasks.Length; i++)
        {
            tasks[i].After(tasks[i - 1]);
        }
    }

    /// <summary>Adds a branch: <paramref name="choose"/> returns the ids of the direct downstream
    /// tasks to run; the other direct downstream tasks are skipped (and skips cascade).</summary>
    public TaskRef Branch(string id, Func<TaskContext, IEnumerable<string>> choose, TaskOptions? options = null) =>
        Add(id, TaskKind.Branch, [], typeof(string[]), options, (ctx, _) => System.Threading.Tasks.Task.FromResult<object?>(choose(ctx).ToArray()));

    /// <inheritdoc cref="Branch(string, Func{TaskContext, IEnumerable{string}}, TaskOptions?)"/>
    public TaskRef Branch(string id, Func<TaskContext, Task<IEnumerable<string>>> choose, TaskOptions? options = null) =>
        Add(id, TaskKind.Branch, [], typeof(string[]), options, async (ctx, _) => (await choose(ctx)).ToArray());

    /// <inheritdoc cref="Branch(string, Func{TaskContext, IEnumerable{string}}, TaskOptions?)"/>
    public TaskRef Branch<TIn>(string id, TaskRef<TIn> input, Func<TaskContext, TIn, IEnumerable<string>> choose, TaskOptions? options = null) =>
        Add(id, TaskKind.Branch, [In<TIn>(input)], typeof(string[]), options,
            (ctx, args) => System.Threading.Tasks.Task.FromResult<object?>(choose(ctx, Arg<TIn>(args, 0)).ToArray()));

    internal void AddEdge(string upstreamId, string downstreamId)
    {
        // Edges to an unknown id are kept so validation can name them.
        var downstream = _tasks.LastOrDefault(t => t.Id == downstreamId);
        if (downstream is not null && !downstream.Upstream.Contains(upstreamId))
        {
            downstream.Upstream.Add(upstreamId);
        }
    }

    internal DagDefinition Build(Dag dag) => new()
    {
        Id = dag.Id,
        DagType = dag.GetType(),
        Options = dag.Options,
        ParamsType = dag.ParamsType,
        Tasks = _tasks.Select(t => t.ToDefinition()).ToList(),
    };

    private static TaskInput In<T>(TaskRef<T> input) => new(input.Id, typeof(T));

    private static T Arg<T>(IReadOnlyList<object?> args, int index) => args[index] is T value ? value : default!;

    private TaskRef<T> Add<T>(string id, TaskInput[] inputs, TaskOptions? options, Func<TaskContext, IReadOnlyList<object?>, Task<object?>> invoke)
    {
        Register(id, TaskKind.Normal, inputs, typeof(T), options, invoke);
        return new TaskRef<T>(this, id);
    }

    private TaskRef Add(string id, TaskKind kind, TaskInput[] inputs, Type? outputType, TaskOptions? options, Func<TaskContext, IReadOnlyList<object?>, Task<object?>> invoke)
    {
        Register(id, kind, inputs, outputType, options, invoke);
        return new TaskRef(this, id);
    }

    private void Register(string id, TaskKind kind, TaskInput[] inputs, Type? outputType, TaskOptions? options, Func<TaskContext, IReadOnlyList<object?>, Task<object?>> invoke)
    {
        var entry = new TaskEntry(id, kind, inputs, outputType, options ?? new TaskOptions(), invoke);
        foreach (var input in inputs)
        {
            if (!entry.Upstream.Contains(input.TaskId))
            {
                entry.Upstream.Add(input.TaskId);
            }
        }

        _tasks.Add(entry);
    }

    private sealed record TaskEntry(
        string Id,
        TaskKind Kind,
        TaskInput[] Inputs,
        Type? OutputType,
        TaskOptions Options,
        Func<TaskContext, IReadOnlyList<object?>, Task<object?>> Invoke)
    {
        public List<string> Upstream { get; } = [];

        public ApprovalOptions? Approval { get; init; }

        public TaskDefinition ToDefinition() => new()
        {
            Id = Id,
            Kind = Kind,
            Inputs = Inputs,
            Upstream = Upstream.ToList(),
            OutputType = OutputType,
            Options = Options,
            Approval = Approval,
            Invoke = Invoke,
        };
    }
}
