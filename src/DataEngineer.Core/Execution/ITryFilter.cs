namespace DataEngineer.Core.Execution;

/// <summary>
/// One concern around every task try (Hangfire's <c>IServerFilter</c> and Temporal's interceptors are the models):
/// telemetry, masking, data observations, log persistence, callbacks and alerts. Filters are composed once into a
/// <see cref="TryPipeline"/>, which the distributed worker, <c>dags test</c> and the zombie reaper all use. A filter
/// implements either phase or both.
/// </summary>
public interface ITryFilter
{
    /// <summary>
    /// Around the try's body, in the process that runs it: <paramref name="next"/> runs the filters inside this one and
    /// then the body. Runs on the worker's hot path: no database round trip of its own beyond what the concern needs
    /// (what is stored with the try's end goes into the outcome, recorded in the end's transaction).
    /// </summary>
    Task<TaskTryOutcome> InvokeAsync(TryContext context, Func<Task<TaskTryOutcome>> next) => next();

    /// <summary>
    /// After a try's end was recorded, whoever recorded it (<see cref="TryEnd.By"/>). Must return at once and never
    /// throw: slow work (a callback, an alert) goes to the background.
    /// </summary>
    void TryEnded(TryEnd end)
    {
    }
}
