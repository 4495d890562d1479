namespace DataEngineer.Sdk;

/// <summary>
/// Declares the tasks of a DAG inside <see cref="Dag.Define"/>. Each method adds one task and
/// returns a reference to it. Passing a <see cref="TaskRef{T}"/> to a later task makes that task
/// depend on it and receive its return value (typed XCom). Sync and async task bodies are both
/// accepted; a task body gets a <see cref="TaskContext"/> first.
/// </summary>
public sealed partial class DagBuilder
{
    private readonly List<TaskEntry> _tasks;
    private readonly TaskGroups _groups;
    private readonly string _prefix;

    internal DagBuilder()
    {
        _tasks = [];
        _groups = new TaskGroups();
        _prefix = "";
    }

    // A group's builder adds to its DAG's tasks, with the group's id as a prefix.
    private DagBuilder(DagBuilder parent, string groupId)
    {
        _tasks = parent._tasks;
        _groups = parent._groups;
        _prefix = groupId + ".";
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

    /// <summary>
    /// Adds a task group: the tasks <paramref name="define"/> adds get ids prefixed with the group's
    /// (<c>extract.orders</c>), and the group can be an upstream or downstream as a whole: tasks after it wait for its
    /// last tasks, and its first tasks wait for what it comes after. Groups nest. A group id used twice, or equal to a
    /// task id, is an import error.
    /// </summary>
    /// <example><code>
    /// var extract = dag.Group("extract", g =>
    /// {
    ///     g.Task("orders", ctx => { });
    ///     g.Task("customers", ctx => { });
    /// });
    /// dag.Task("load", ctx => { }).After(extract);
    /// </code></example>
    public TaskGroup Group(string id, Action<DagBuilder> define)
    {
        var group = new TaskGroup(this, Qualified(id));
        _groups.Add(group.Id);
        define(new DagBuilder(this, group.Id));
        return group;
    }

    internal void AddEdge(string upstreamId, string downstreamId)
    {
        if (_groups.Contains(downstreamId))
        {
            // Resolved to the group's first tasks when the DAG is built, once the group is complete.
            _groups.AddEdgeInto(upstreamId, downstreamId);
            return;
        }

        // Edges to an unknown id are kept so validation can name them.
        var downstream = _tasks.LastOrDefault(t => t.Id == downstreamId);
        if (downstream is not null && !downstream.Upstream.Contains(upstreamId))
        {
            downstream.Upstream.Add(upstreamId);
        }
    }

    internal DagDefinition Build(Dag dag)
    {
        var upstream = _groups.Resolve(_tasks.Select(t => (t.Id, (IReadOnlyList<string>)t.Upstream)).ToList());
        return new()
        {
            Id = dag.Id,
            DagType = dag.GetType(),
            Options = dag.Options,
            ParamsType = dag.ParamsType,
            Tasks = _tasks.Select((t, i) => t.ToDefinition() with { Upstream = upstream[i] }).ToList(),
            Groups = _groups.Ids,
        };
    }

    private static TaskInput In<T>(TaskRef<T> input) => new(input.Id, typeof(T));

    private static T Arg<T>(IReadOnlyList<object?> args, int index) => args[index] is T value ? value : default!;

    private TaskRef<T> Add<T>(string id, TaskInput[] inputs, TaskOptions? options, Func<TaskContext, IReadOnlyList<object?>, Task<object?>> invoke)
    {
        Register(Qualified(id), TaskKind.Normal, inputs, typeof(T), options, invoke);
        return new TaskRef<T>(this, Qualified(id));
    }

    private TaskRef Add(string id, TaskKind kind, TaskInput[] inputs, Type? outputType, TaskOptions? options, Func<TaskContext, IReadOnlyList<object?>, Task<object?>> invoke)
    {
        Register(Qualified(id), kind, inputs, outputType, options, invoke);
        return new TaskRef(this, Qualified(id));
    }

    private string Qualified(string id) => _prefix + id;

    private void Register(string id, TaskKind kind, TaskInput[] inputs, Type? outputType, TaskOptions? options, Func<TaskContext, IReadOnlyList<object?>, Task<object?>> invoke,
        TaskMapping? mapping = null)
    {
        var entry = new TaskEntry(id, kind, inputs, outputType, options ?? new TaskOptions(), invoke) { Mapping = mapping };
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

        public TaskMapping? Mapping { get; init; }

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
            Mapping = Mapping,
        };
    }
}
