namespace DataEngineer.Core.Storage;

/// <summary>
/// Something about the data that someone should know: a failed check, a row-count anomaly, schema drift, new
/// values in an accepted set, a freshness breach (see <see cref="QualityEventKinds"/>). Before and after are JSON.
/// Alerting reads them in id order (<see cref="IDataQualityStore.ListQualityEventsAsync"/>).
/// </summary>
public sealed record QualityEvent
{
    /// <summary>Assigned by the store, increasing.</summary>
    public long Id { get; init; }
    public required string Kind { get; init; }

    /// <summary><c>warn</c> or <c>error</c> (an error failed the task).</summary>
    public required string Severity { get; init; }
    public string? Dataset { get; init; }
    public string? DagId { get; init; }
    public string? RunId { get; init; }
    public string? TaskId { get; init; }

    /// <summary>The try that recorded it (a failed check, an anomaly); null for a freshness breach, which no try records.</summary>
    public int? TryNumber { get; init; }
    public required string Message { get; init; }
    public string? Before { get; init; }
    public string? After { get; init; }
    public required DateTimeOffset At { get; init; }

    /// <summary>For a freshness breach: when the dataset was fresh again; null while it lasts.</summary>
    public DateTimeOffset? ResolvedAt { get; init; }
}
