using System.Diagnostics.Metrics;

namespace DataEngineer.Integration.Tests;

/// <summary>
/// Counts the runs of the given DAGs that the scheduler's stranded-run sweep had to settle while this is alive
/// (<c>dataengineer.scheduler.stranded_runs</c>): a run its steps left undecided still ends, a tick later, so only this
/// count shows the steps got the run's tail wrong.
/// </summary>
internal sealed class StrandedRunCount : IDisposable
{
    private readonly MeterListener _listener;
    private long _count;

    public StrandedRunCount(IReadOnlyCollection<string> dagIds)
    {
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name == "dataengineer.scheduler.stranded_runs")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "dag_id" && tag.Value is string dagId && dagIds.Contains(dagId))
                {
                    Interlocked.Add(ref _count, value);
                }
            }
        });
        _listener.Start();
    }

    public long Count => Interlocked.Read(ref _count);

    public void Dispose() => _listener.Dispose();
}
