namespace DataEngineer.Sdk;

// Sensors: tasks that wait for a condition without holding a slot while they wait.
public sealed partial class DagBuilder
{
    /// <summary>
    /// Adds a sensor: <paramref name="poke"/> checks a condition (a file arrived, a query returns a row, an endpoint
    /// answers, a dataset is fresh: see <see cref="Sensors"/>). True succeeds the task; false gives the slot back and
    /// pokes again after <see cref="SensorOptions.PokeInterval"/> (state <c>up_for_reschedule</c>), until
    /// <see cref="SensorOptions.Timeout"/> after the first poke fails it. An exception from a poke is a failed try, retried
    /// as <paramref name="options"/> say.
    /// </summary>
    /// <param name="id">The task id.</param>
    /// <param name="poke">Checks the condition once; returns whether it is met.</param>
    /// <param name="sensor">Poke interval and timeout (default: every minute, for at most 7 days).</param>
    /// <param name="options">The task's options: retries, queue, pool, ...</param>
    /// <exception cref="ArgumentOutOfRangeException">The poke interval or the timeout is zero or negative.</exception>
    /// <example><code>
    /// var arrived = dag.Sensor("wait_for_orders", Sensors.FileExists("/data/inbox", "orders_*.csv"),
    ///     new SensorOptions { PokeInterval = TimeSpan.FromMinutes(5), Timeout = TimeSpan.FromHours(6) });
    /// </code></example>
    public TaskRef Sensor(string id, Func<TaskContext, Task<bool>> poke, SensorOptions? sensor = null, TaskOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(poke);
        var wait = Checked(id, sensor ?? new SensorOptions());
        return Add(id, TaskKind.Normal, [], null, options, async (ctx, _) =>
        {
            if (!await poke(ctx))
            {
                ctx.Reschedule(wait.PokeInterval, wait.Timeout);
            }

            return null;
        });
    }

    private static SensorOptions Checked(string id, SensorOptions sensor)
    {
        if (sensor.PokeInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(sensor), sensor.PokeInterval,
                $"Sensor '{id}': PokeInterval must be positive, not {sensor.PokeInterval}. Set the wait between two pokes, e.g. TimeSpan.FromMinutes(1).");
        }

        if (sensor.Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(sensor), sensor.Timeout,
                $"Sensor '{id}': Timeout must be positive, not {sensor.Timeout}. Set how long it may wait from its first poke, e.g. TimeSpan.FromHours(6), or null for no limit.");
        }

        return sensor;
    }
}
