namespace DataEngineer.Sdk;

/// <summary>
/// Who is alerted and on what, for a DAG (<see cref="DagOptions.Alerts"/>) or one task
/// (<see cref="TaskOptions.Alerts"/>, which replaces the DAG's for that task).
/// </summary>
/// <example><code>
/// new AlertOptions
/// {
///     Recipients = ["oncall-slack", "data-oncall@example.com"],
///     On = AlertEvents.Failure | AlertEvents.Recovery | AlertEvents.LongRun,
/// }
/// </code></example>
public sealed record AlertOptions
{
    /// <summary>
    /// Alert channel names from the host's configuration (<c>DataEngineer:Alerts:Channels:&lt;name&gt;</c>)
    /// or email addresses (sent through the configured email channel).
    /// </summary>
    public IReadOnlyList<string> Recipients { get; init; } = [];

    /// <summary>The events that send an alert (default <see cref="AlertEvents.Failure"/>).</summary>
    public AlertEvents On { get; init; } = AlertEvents.Failure;
}
