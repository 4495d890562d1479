using DataEngineer.Core.Scheduling;
using DataEngineer.Sdk;

namespace DataEngineer.Core.Validation;

/// <summary>Checks a built DAG and turns it into a <see cref="DagGraph"/>; every error names the DAG class and task.</summary>
public static class DagValidator
{
    /// <exception cref="DagValidationException">The DAG has one or more problems; all are listed.</exception>
    public static DagGraph Validate(DagDefinition definition)
    {
        var errors = new List<DagValidationError>();
        var graph = TryValidate(definition, errors);
        return graph ?? throw new DagValidationException(errors);
    }

    public static DagGraph? TryValidate(DagDefinition definition, List<DagValidationError> errors)
    {
        var dagClass = definition.DagType.Name;
        void Error(string? taskId, string message) => errors.Add(new DagValidationError(dagClass, definition.Id, taskId, message));
        var before = errors.Count;

        if (!Identifiers.IsValidId(definition.Id))
        {
            Error(null, $"the DAG id '{definition.Id}' is not valid: use {Identifiers.IdRule}.");
        }

        var timetable = CheckSchedule(definition.Options, Error);
        CheckDagOptions(definition.Options, Error);
        DatasetScheduleRules.Check(definition.Options.ScheduleOn, Error);

        var tasks = new Dictionary<string, TaskDefinition>(StringComparer.Ordinal);
        foreach (var group in definition.Tasks.GroupBy(t => t.Id, StringComparer.Ordinal))
        {
            if (group.Count() > 1)
            {
                Error(group.Key, $"the task id '{group.Key}' is defined {group.Count()} times; task ids must be unique within a DAG.");
            }

            tasks[group.Key] = group.First();
        }

        CheckGroups(definition, tasks, Error);
        var settings = new Dictionary<string, TaskSettings>(StringComparer.Ordinal);
        foreach (var task in tasks.Values)
        {
            if (!Identifiers.IsValidId(task.Id))
            {
                Error(task.Id, $"the task id is not valid: use {Identifiers.IdRule}.");
            }

            foreach (var upstream in task.Upstream.Where(u => !tasks.ContainsKey(u)))
            {
                Error(task.Id, $"depends on '{upstream}', which is not a task of this DAG. Its tasks are: {string.Join(", ", tasks.Keys)}.");
            }

            settings[task.Id] = CheckTaskOptions(task, definition.Options.DefaultTaskOptions, Error);
        }

        if (tasks.Count == 0)
        {
            Error(null, "the DAG has no tasks; add at least one in Define.");
        }

        var order = errors.Count == before ? TopologicalOrder(tasks, Error) : null;
        if (order is null || timetable is null || errors.Count > before)
        {
            return null;
        }

        var downstream = tasks.Keys.ToDictionary(id => id, _ => new List<string>(), StringComparer.Ordinal);
        foreach (var task in tasks.Values)
        {
            foreach (var upstream in task.Upstream)
            {
                downstream[upstream].Add(task.Id);
            }
        }

        var nodes = order.Select(id => new TaskNode(tasks[id], settings[id], tasks[id].Upstream, downstream[id])).ToList();
        return new DagGraph(definition, timetable, nodes, DagVersion.Of(definition, nodes));
    }

    private static void CheckGroups(DagDefinition definition, Dictionary<string, TaskDefinition> tasks, Action<string?, string> error)
    {
        foreach (var group in definition.Groups.GroupBy(g => g, StringComparer.Ordinal))
        {
            if (group.Count() > 1)
            {
                error(null, $"the task group id '{group.Key}' is defined {group.Count()} times; group ids must be unique within a DAG.");
            }

            if (tasks.ContainsKey(group.Key))
            {
                error(group.Key, $"the task group id '{group.Key}' is also a task id; rename the group or the task.");
            }

            if (!Identifiers.IsValidId(group.Key))
            {
                error(null, $"the task group id '{group.Key}' is not valid: use {Identifiers.IdRule}.");
            }
        }
    }

    private static Timetable? CheckSchedule(DagOptions options, Action<string?, string> error)
    {
        try
        {
            return Timetable.Create(options.Schedule, options.TimeZone, options.StartDate, options.EndDate);
        }
        catch (ScheduleException e)
        {
            error(null, e.Message);
            return null;
        }
    }

    private static void CheckDagOptions(DagOptions options, Action<string?, string> error)
    {
        if (options.MaxActiveRuns < 1)
        {
            error(null, $"MaxActiveRuns is {options.MaxActiveRuns}; it must be at least 1.");
        }

        if (options.MaxActiveTasks < 1)
        {
            error(null, $"MaxActiveTasks is {options.MaxActiveTasks}; it must be at least 1.");
        }
    }

    private static TaskSettings CheckTaskOptions(TaskDefinition task, TaskOptions defaults, Action<string?, string> error)
    {
        var merged = task.Options.Over(defaults);
        if (merged.Retries is < 0)
        {
            error(task.Id, $"Retries is {merged.Retries}; it must be 0 or more.");
        }

        if (merged.RetryDelay is { } delay && delay < TimeSpan.Zero)
        {
            error(task.Id, $"RetryDelay is {delay}; it cannot be negative.");
        }

        if (merged.MaxRetryDelay is { } max && max <= TimeSpan.Zero)
        {
            error(task.Id, $"MaxRetryDelay is {max}; it must be positive.");
        }

        if (merged.ExecutionTimeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            error(task.Id, $"ExecutionTimeout is {timeout}; it must be positive (leave it unset for no timeout).");
        }

        if (merged.TriggerRule is { } rule && !Enum.IsDefined(rule))
        {
            error(task.Id, $"the trigger rule {(int)rule} is unknown. Use one of: {string.Join(", ", Enum.GetNames<TriggerRule>())}.");
        }

        if (merged.Queue is { } queue && !Identifiers.IsValidQueue(queue))
        {
            error(task.Id, $"the queue name '{queue}' is not valid: use {Identifiers.QueueRule}.");
        }

        if (merged.MaxMapLength is < 1)
        {
            error(task.Id, $"MaxMapLength is {merged.MaxMapLength}; it must be at least 1 (leave it unset for DataEngineer:MaxMapLength).");
        }

        if (merged.Pool is { } pool && !Identifiers.IsValidId(pool))
        {
            error(task.Id, $"the pool name '{pool}' is not valid: use {Identifiers.IdRule}.");
        }

        foreach (var dataset in task.Options.Reads.Concat(task.Options.Writes))
        {
            if (dataset is null || !Identifiers.IsValidDatasetName(dataset.Name))
            {
                error(task.Id, $"the dataset name '{dataset?.Name}' is not valid: use {Identifiers.DatasetRule}.");
                continue;
            }

            foreach (var column in dataset.Columns.Where(c => c?.AcceptedValues is { } values && (values.Count == 0 || values.Any(v => v is null))))
            {
                error(task.Id, $"column {column.Name} of dataset {dataset.Name} declares AcceptedValues {(column.AcceptedValues!.Count == 0 ? "with no value" : "with a null value")}: " +
                    "list the values the column may hold (NULL is allowed by Nullable), or leave AcceptedValues unset to accept any value.");
            }
        }

        return TaskSettings.Resolve(task.Options, defaults);
    }

    // Kahn's algorithm keeps the definition order among independent tasks; leftovers form a cycle.
    private static List<string>? TopologicalOrder(Dictionary<string, TaskDefinition> tasks, Action<string?, string> error)
    {
        var remaining = tasks.Values.ToDictionary(t => t.Id, t => t.Upstream.Count, StringComparer.Ordinal);
        var order = new List<string>(tasks.Count);
        var progressed = true;
        while (progressed)
        {
            progressed = false;
            foreach (var task in tasks.Values.Where(t => remaining.ContainsKey(t.Id) && t.Upstream.All(u => !remaining.ContainsKey(u))))
            {
                remaining.Remove(task.Id);
                order.Add(task.Id);
                progressed = true;
            }
        }

        if (remaining.Count == 0)
        {
            return order;
        }

        var cycle = FindCycle(tasks, remaining.Keys.ToHashSet(StringComparer.Ordinal));
        error(cycle[0], $"the tasks form a cycle: {string.Join(" -> ", cycle)}. Remove one of these dependencies.");
        return null;
    }

    private static List<string> FindCycle(Dictionary<string, TaskDefinition> tasks, HashSet<string> leftovers)
    {
        // Every task Kahn's algorithm left over has a left-over upstream task, so walking upstream
        // through left-overs must revisit one: the path from that revisit is the cycle.
        var path = new List<string>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var current = leftovers.First();
        while (!seen.ContainsKey(current))
        {
            seen[current] = path.Count;
            path.Add(current);
            current = tasks[current].Upstream.First(leftovers.Contains);
        }

        var cycle = path[seen[current]..];
        cycle.Reverse();
        cycle.Add(cycle[0]);
        return cycle;
    }
}
