namespace DataEngineer.Sdk;

/// <summary>
/// How a sensor waits (Airflow's reschedule mode): it pokes, and while its condition is unmet it gives its slot back and
/// pokes again after <see cref="PokeInterval"/>, until <see cref="Timeout"/> after its first poke.
/// </summary>
/// <example><code>new SensorOptions { PokeInterval = TimeSpan.FromMinutes(5), Timeout = TimeSpan.FromHours(6) }</code></example>
public sealed record SensorOptions
{
    /// <summary>The wait between two pokes (default 1 minute); positive.</summary>
    public TimeSpan PokeInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long the sensor may wait, counted from its first poke (default 7 days, as in Airflow); then it fails without
    /// retries. Null waits for ever.
    /// </summary>
    public TimeSpan? Timeout { get; init; } = TimeSpan.FromDays(7);
}
