using DataEngineer.Core.Governance;
using DataEngineer.Core.Mapping;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Validation;
using DataEngineer.Sdk;
using Microsoft.Extensions.Logging;

namespace DataEngineer.Core.Execution;

/// <summary>
/// The small invoker at the centre of the <see cref="TryPipeline"/>: runs one claimed try's body in this process — reads
/// its inputs from XCom, binds the conf, enforces the execution timeout, and returns the return value and pushed values of
/// a success in its outcome (stored with the success). Whatever the task does, the result is an outcome, never an
/// exception (except shutdown). Telemetry, masking, observations and the log are the filters' (<see cref="ITryFilter"/>):
/// the body writes through <see cref="TryContext.Logger"/> and teaches <see cref="TryContext.Masker"/> what it reads.
/// </summary>
internal sealed class TaskInvoker(IRunQueries queries, IXComStore xcomStore, IVariableStore variables, IWatermarkStore watermarks, IDatasetCatalogStore catalog, IDataQualityStore quality, TimeProvider time, TaskRuntimeOptions options)
{
    public Task<TaskTryOutcome> InvokeAsync(TryContext context) =>
        RunAsync(context, context.Graph.Tasks[context.Task.TaskId], context.Logger, context.Masker);

    private async Task<TaskTryOutcome> RunAsync(TryContext tryContext, TaskNode node, ILogger logger, PiiMasker masker)
    {
        var (graph, run, task, shutdown) = (tryContext.Graph, tryContext.Run, tryContext.Task, tryContext.Shutdown);
        using var timeout = node.Settings.ExecutionTimeout is { } limit
            ? new CancellationTokenSource(limit, time)
            : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, shutdown);
        EngineTaskContext? context = null;
        try
        {
            var conf = RunConf.Parse(run.ConfJson, graph.Definition.ParamsType);
            // The task gets its conf intact; the values of its sensitive keys (and params' defaults) are masked in what it leaves behind.
            masker.ObserveJson(conf.Json);
            if (conf.Bound is { } bound)
            {
                masker.ObserveJson(XComJson.Write(bound, bound.GetType()));
            }

            context = new EngineTaskContext(run, task, conf, xcomStore, variables, watermarks, catalog, quality, options, logger, linked.Token) { Masker = masker };
            tryContext.Data = context.Data;
            var instance = MappedTaskId.IsInstance(task.TaskId);
            var inputs = instance
                ? [await MapItems.ItemAsync(xcomStore, node, task, masker.ObserveJson, linked.Token)]
                : await ReadInputsAsync(graph, node, run, masker, linked.Token);
            logger.LogInformation("Starting try {Try} of {MaxTries} on {Host}", task.TryNumber, task.MaxTries, task.Hostname);

            object? output;
            using (TaskOutputRouter.Route(line => logger.LogInformation("{Stdout}", line)))
            {
                output = await (instance ? node.Definition.Mapping!.InvokeItem(context, inputs[0]) : node.Definition.Invoke(context, inputs)).WaitAsync(linked.Token);
            }

            if (node.Definition.Mapping is not null && !instance)
            {
                return WithRows(Expanded(graph, node, run, context, output, logger), context);
            }

            var choice = node.Definition.Kind == TaskKind.Branch ? CheckBranchChoice(node, output) : null;
            var xcom = XComOf(node, task, run, context, output);
            logger.LogInformation("Done: read {Read}, wrote {Written}, rejected {Rejected} rows", context.Rows.Read, context.Rows.Written, context.Rows.Rejected);
            return WithRows(new TaskTryOutcome { State = TaskInstanceState.Success, BranchChoice = choice, XCom = xcom }, context);
        }
        catch (TaskSkippedException e)
        {
            logger.LogInformation("Skipped: {Reason}", e.Message);
            return WithRows(new TaskTryOutcome { State = TaskInstanceState.Skipped, Error = e.Message }, context);
        }
        catch (TaskRescheduleException e)
        {
            return WithRows(await RescheduledAsync(run, task, e, logger), context);
        }
        catch (TaskFailedException e)
        {
            return WithRows(TaskTryOutcome.Failed(e.Message, retryable: false), context);
        }
        catch (Exception e) when (e is XComTypeMismatchException or XComTooLargeException or RunConfException or BranchChoiceException or MapExpansionException)
        {
            return WithRows(TaskTryOutcome.Failed(e.Message, retryable: false), context);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !shutdown.IsCancellationRequested)
        {
            return WithRows(TaskTryOutcome.Failed($"Timed out after {node.Settings.ExecutionTimeout} (execution timeout); the try was cancelled."), context);
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
        {
            return WithRows(TaskTryOutcome.Failed("Cancelled: the worker is shutting down."), context);
        }
        catch (Exception e)
        {
            logger.LogError(e, "The task threw {Type}", e.GetType().Name);
            return WithRows(TaskTryOutcome.Failed($"{e.GetType().Name}: {e.Message}"), context);
        }
    }

    // A poke that found its condition unmet: up_for_reschedule, unless the task has waited its timeout since its first poke
    // (the start of the unbroken line of up_for_reschedule tries before this one, Airflow's first TaskReschedule row).
    private async Task<TaskTryOutcome> RescheduledAsync(DagRun run, TaskInstance task, TaskRescheduleException poke, ILogger logger)
    {
        var now = time.GetUtcNow();
        var firstPoke = task.StartedAt ?? now;
        if (poke.Timeout is { } timeout)
        {
            var tries = await queries.ListTriesAsync(run.Key, task.TaskId, CancellationToken.None);
            foreach (var earlier in tries.Where(t => t.TryNumber < task.TryNumber).OrderByDescending(t => t.TryNumber))
            {
                if (earlier.State != TaskInstanceState.UpForReschedule || earlier.StartedAt is not { } started)
                {
                    break;
                }

                firstPoke = started;
            }

            if (now - firstPoke >= timeout)
            {
                return TaskTryOutcome.Failed(
                    $"Sensor timed out: it has waited {Rounded(now - firstPoke)} since its first poke at {firstPoke:yyyy-MM-ddTHH:mm:ssZ}, " +
                    $"reaching its timeout of {timeout}. Check why its condition is not met, or raise SensorOptions.Timeout.", retryable: false);
            }
        }

        var next = now + poke.Interval;
        logger.LogInformation("Not ready: poking again at {Next:yyyy-MM-ddTHH:mm:ssZ} (waiting since {FirstPoke:yyyy-MM-ddTHH:mm:ssZ}); the slot is free meanwhile",
            next, firstPoke);
        return new TaskTryOutcome { State = TaskInstanceState.UpForReschedule, RescheduleAt = next };
    }

    private static TimeSpan Rounded(TimeSpan span) => TimeSpan.FromSeconds(Math.Round(span.TotalSeconds));

    private async Task<List<object?>> ReadInputsAsync(DagGraph graph, TaskNode node, DagRun run, PiiMasker masker, CancellationToken ct)
    {
        var inputs = new List<object?>(node.Definition.Inputs.Count);
        foreach (var input in node.Definition.Inputs)
        {
            // An upstream that was skipped (and let this task run) has no value: the argument is null, as in Airflow.
            // A mapped upstream's value is its instances' results, collected in index order.
            var json = graph.Tasks[input.TaskId].Definition.Mapping is null
                ? (await xcomStore.GetXComAsync(run.Key, input.TaskId, XComKeys.ReturnValue, ct))?.Json
                : await MapItems.CollectedJsonAsync(xcomStore, run.Key, input.TaskId, ct);
            if (json is not null)
            {
                masker.ObserveJson(json);
            }

            inputs.Add(json is null ? null : XComJson.Read(json, input.Type, input.TaskId, node.Id));
        }

        return inputs;
    }

    // A mapped task's own try expands it: the list is split into one element per instance (stored with its success), or
    // an empty list skips it.
    private TaskTryOutcome Expanded(DagGraph graph, TaskNode node, DagRun run, EngineTaskContext context, object? list, ILogger logger)
    {
        var maxLength = node.Definition.Options.Over(graph.Options.DefaultTaskOptions).MaxMapLength ?? options.MaxMapLength;
        var entries = MapItems.Split(node, run, list, maxLength, context.CheckedJson);
        var length = entries.Count - 1;
        if (length == 0)
        {
            logger.LogInformation("Skipped: the list to map over is empty");
            return new TaskTryOutcome { State = TaskInstanceState.Skipped, Error = $"'{node.Id}' mapped over an empty list" };
        }

        logger.LogInformation("Expanded into {Count} instances, {First} to {Last}", length, MappedTaskId.Of(node.Id, 0), MappedTaskId.Of(node.Id, length - 1));
        return new TaskTryOutcome { State = TaskInstanceState.Success, MapLength = length, XCom = entries };
    }

    // Stored with the try's success (RunChanges.XCom), so a try whose end is refused leaves no output behind.
    // A mapped instance's value is its own (under its instance id), of the type one instance returns.
    private static List<XComEntry> XComOf(TaskNode node, TaskInstance task, DagRun run, EngineTaskContext context, object? output)
    {
        var values = new Dictionary<string, string>(context.Pushed, StringComparer.Ordinal);
        var outputType = MappedTaskId.IsInstance(task.TaskId) ? node.Definition.Mapping!.ItemOutputType : node.Definition.OutputType;
        if (outputType is { } type)
        {
            values[XComKeys.ReturnValue] = context.CheckedJson(output, type, XComKeys.ReturnValue);
        }

        var entries = new List<XComEntry>(values.Count);
        foreach (var (key, json) in values)
        {
            context.Masker.ObserveJson(json); // Stored intact for downstream tasks; its PII values are masked in this try's log.
            entries.Add(new XComEntry(run.DagId, run.RunId, task.TaskId, key, json));
        }

        return entries;
    }

    private static string[] CheckBranchChoice(TaskNode node, object? output)
    {
        var chosen = output as string[] ?? [];
        var invalid = chosen.Where(id => !node.Downstream.Contains(id)).ToList();
        if (invalid.Count > 0)
        {
            throw new BranchChoiceException(
                $"Branch '{node.Id}' chose {string.Join(", ", invalid.Select(i => $"'{i}'"))}, which is not directly downstream of it. " +
                $"Choose among: {string.Join(", ", node.Downstream)}.");
        }

        return chosen;
    }

    private static TaskTryOutcome WithRows(TaskTryOutcome outcome, EngineTaskContext? context) => context is null ? outcome : outcome with
    {
        RowsRead = context.Rows.Read,
        RowsWritten = context.Rows.Written,
        RowsRejected = context.Rows.Rejected,
    };
}
