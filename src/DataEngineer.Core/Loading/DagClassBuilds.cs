using System.Diagnostics;
using System.Reflection;
using DataEngineer.Sdk;

namespace DataEngineer.Core.Loading;

/// <summary>
/// Runs DAG classes' constructors and <c>Define</c> on a few background threads ("lanes") that take the
/// classes one after another, so a thousand DAGs cost a few threads, not a thousand. A constructor or
/// Define that never returns (an endless loop, a network call without a timeout) must not hold every other
/// DAG's loading: when one runs past the limit it is an import error, its lane is abandoned (a thread
/// cannot be stopped; it is a background thread, so it does not keep the process alive) and a new lane
/// takes the remaining classes. The caller only wakes for a deadline or the end, never per class.
/// </summary>
internal sealed class DagClassBuilds
{
    // A monitor, not a Lock: the waiting caller needs Monitor.Wait/PulseAll.
    private readonly object _gate = new();
    private readonly IReadOnlyList<DagClass> _classes;
    private readonly DagClassBuild?[] _results;
    private readonly TimeSpan _limit;
    private readonly List<Lane> _lanes = [];
    private int _next;
    private int _done;

    private DagClassBuilds(IReadOnlyList<DagClass> classes, TimeSpan limit)
    {
        _classes = classes;
        _results = new DagClassBuild?[classes.Count];
        _limit = limit;
    }

    /// <summary>Builds every class, at most <paramref name="lanes"/> at a time; the results are in the order of <paramref name="classes"/>.</summary>
    public static IReadOnlyList<DagClassBuild> Run(IReadOnlyList<DagClass> classes, TimeSpan limit, int lanes)
    {
        var builds = new DagClassBuilds(classes, limit);
        return classes.Count == 0 ? [] : builds.Wait(Math.Clamp(lanes, 1, classes.Count));
    }

    private DagClassBuild[] Wait(int lanes)
    {
        lock (_gate)
        {
            for (var i = 0; i < lanes; i++)
            {
                StartLane();
            }

            while (_done < _classes.Count)
            {
                var now = Stopwatch.GetTimestamp();
                var wait = _limit;
                foreach (var lane in _lanes.Where(l => l is { Abandoned: false, Current: >= 0 }).ToList())
                {
                    var left = _limit - Stopwatch.GetElapsedTime(lane.StartedAt, now);
                    if (left > TimeSpan.Zero)
                    {
                        wait = left < wait ? left : wait;
                        continue;
                    }

                    Abandon(lane);
                }

                if (_done < _classes.Count)
                {
                    Monitor.Wait(_gate, wait + TimeSpan.FromMilliseconds(1));
                }
            }

            return _results.Select(r => r!).ToArray();
        }
    }

    private void Abandon(Lane lane)
    {
        var stuck = _classes[lane.Current];
        lane.Abandoned = true;
        _results[lane.Current] = new DagClassBuild(null, new DagImportError(stuck.Source, lane.DagId,
            $"{stuck.Type.Name} did not finish building its graph within {_limit.TotalSeconds:0} s: its constructor or Define never returned " +
            "(an endless loop, or I/O that hangs). Building a DAG must not do I/O; do it in a task."));
        _done++;
        if (_next < _classes.Count)
        {
            StartLane();
        }
    }

    private void StartLane()
    {
        var lane = new Lane();
        _lanes.Add(lane);
        new Thread(() => Serve(lane)) { IsBackground = true, Name = "build DAGs" }.Start();
    }

    private void Serve(Lane lane)
    {
        while (true)
        {
            int index;
            lock (_gate)
            {
                if (lane.Abandoned || _next >= _classes.Count)
                {
                    return;
                }

                index = _next++;
                lane.Current = index;
                lane.DagId = null;
                lane.StartedAt = Stopwatch.GetTimestamp();
            }

            var build = Build(_classes[index], lane);
            lock (_gate)
            {
                if (lane.Abandoned)
                {
                    return;
                }

                _results[index] = build;
                lane.Current = -1;
                if (++_done == _classes.Count)
                {
                    Monitor.PulseAll(_gate);
                }
            }
        }
    }

    private DagClassBuild Build(DagClass dagClass, Lane lane)
    {
        Dag dag;
        try
        {
            dag = (Dag)Activator.CreateInstance(dagClass.Type)!;
        }
        catch (Exception e)
        {
            return new DagClassBuild(null, new DagImportError(dagClass.Source, null, $"{dagClass.Type.Name}'s constructor threw: {Describe(e)}"));
        }

        lock (_gate)
        {
            lane.DagId = dag.Id;
        }

        try
        {
            return new DagClassBuild(dag.Build(), null);
        }
        catch (Exception e)
        {
            return new DagClassBuild(null, new DagImportError(dagClass.Source, dag.Id, $"{dagClass.Type.Name} threw while its graph was built: {Describe(e)}"));
        }
    }

    public static string Describe(Exception e)
    {
        var cause = e is TargetInvocationException { InnerException: { } inner } ? inner : e;
        return $"{cause.GetType().Name}: {cause.Message}";
    }

    private sealed class Lane
    {
        public int Current { get; set; } = -1;

        public string? DagId { get; set; }

        public long StartedAt { get; set; }

        public bool Abandoned { get; set; }
    }
}
