using DataEngineer.Core.Execution;
using DataEngineer.Core.Storage;

namespace DataEngineer.Core.Quality;

/// <summary>
/// Data observations: records what the try observed of the data (<see cref="TaskObservationRecorder"/>, which may turn a
/// success into a failure on an anomaly), and names the datasets it wrote in the outcome for dataset update events.
/// </summary>
internal sealed class TryObservationFilter(IDataQualityStore quality, TimeProvider time) : ITryFilter
{
    private readonly TaskObservationRecorder _recorder = new(quality, time);

    public async Task<TaskTryOutcome> InvokeAsync(TryContext context, Func<Task<TaskTryOutcome>> next)
    {
        var outcome = await next();
        if (context.Data is not { } data)
        {
            return outcome;
        }

        outcome = await _recorder.RecordAsync(context.Run, context.Task, data, outcome, context.Logger, CancellationToken.None, context.Masker);
        return outcome with { DatasetsWritten = [.. data.Datasets.Select(d => d.Dataset.Name)] };
    }
}
