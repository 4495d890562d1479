using DataEngineer.Sdk;

namespace DataEngineer.Core.Alerts;

/// <summary>
/// Something an alert is sent for. <see cref="Key"/> names the event itself: publishing the same key
/// again (from this or any other process) sends nothing more. Publish through <see cref="IAlertPublisher"/>.
/// </summary>
public sealed record AlertEvent
{
    /// <summary>Exactly one of the <see cref="AlertEvents"/> flags.</summary>
    public required AlertEvents Kind { get; init; }

    /// <summary>A key unique to this event, e.g. <c>quality_check_failed/orders/manual__2024-01-01/check_orders/1</c>.</summary>
    public required string Key { get; init; }

    /// <summary>One line: what happened.</summary>
    public required string Summary { get; init; }

    public string? DagId { get; init; }

    public string? RunId { get; init; }

    public string? TaskId { get; init; }

    public DateTimeOffset? LogicalDate { get; init; }

    /// <summary>The try it is about: the alert links to that try's page.</summary>
    public int? TryNumber { get; init; }

    /// <summary>The dataset it is about; a freshness breach links to the dataset's page.</summary>
    public string? Dataset { get; init; }

    public int? MaxTries { get; init; }

    public string? Error { get; init; }

    /// <summary>The last lines of the task's log, oldest first.</summary>
    public IReadOnlyList<string> LogLines { get; init; } = [];

    /// <summary>More facts to show (check name, expected and actual values, ...), in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Details { get; init; } = [];

    /// <summary>
    /// Who to tell; empty (the usual case) means the recipients the DAG or task names for this kind of
    /// event, or the host's default recipients when it names none.
    /// </summary>
    public IReadOnlyList<string> Recipients { get; init; } = [];
}
