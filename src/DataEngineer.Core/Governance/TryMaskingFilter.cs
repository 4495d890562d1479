using DataEngineer.Core.Execution;

namespace DataEngineer.Core.Governance;

/// <summary>
/// PII and secret masking: gives the try a masker that knows its task's PII columns (the datasets it declares, or those
/// any loaded DAG declares when it declares none), and masks the error the try ends with. Its log is masked line by line
/// through <see cref="TryContext.Logger"/>, and again at its end by the log filter.
/// </summary>
internal sealed class TryMaskingFilter(IDagRegistry? dags) : ITryFilter
{
    public async Task<TaskTryOutcome> InvokeAsync(TryContext context, Func<Task<TaskTryOutcome>> next)
    {
        context.Masker = PiiMasker.ForTask(context.Graph, context.Task.TaskId, dags is null ? PiiColumns.Of([context.Graph]) : PiiColumns.Declared(dags));
        var outcome = await next();
        return outcome.Error is null ? outcome : outcome with { Error = context.Masker.MaskText(outcome.Error) };
    }
}
