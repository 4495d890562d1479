namespace DataEngineer.Sdk;

/// <summary>
/// What a DAG is and when it runs. Passed to the <see cref="Dag"/> base constructor.
/// </summary>
/// <example><code>
/// new DagOptions
/// {
///     Schedule = "0 2 * * *",
///     StartDate = new DateTime(2024, 1, 1),
///     Tags = ["etl"],
///     DefaultTaskOptions = new() { Retries = 3, RetryDelay = TimeSpan.FromMinutes(5) },
/// }
/// </code></example>
public sealed record DagOptions
{
    /// <summary>One line on what the DAG does, shown in lists.</summary>
    public string? Description { get; init; }

    /// <summary>The team or person answerable for the DAG.</summary>
    public string? Owner { get; init; }

    /// <summary>Free-form labels for filtering.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>
    /// A 5-field Unix cron expression (<c>0 2 * * *</c>), a preset (<c>@once @hourly @daily @weekly
    /// @monthly @yearly</c>), or null for a DAG that only runs when triggered. Cron follows Vixie
    /// cron: when both day-of-month and day-of-week are restricted, either one matching is enough.
    /// </summary>
    public string? Schedule { get; init; }

    /// <summary>
    /// Datasets whose updates start runs (Airflow's data-aware scheduling), e.g.
    /// <c>DatasetSchedule.All(orders, customers)</c>. With <see cref="Schedule"/> also set, the DAG runs on both: its cron
    /// intervals as usual, plus one run each time the dataset condition is met. A dataset-triggered run's logical date
    /// (and its zero-length data interval) is the time of the update that met the condition.
    /// </summary>
    public DatasetSchedule? ScheduleOn { get; init; }

    /// <summary>The IANA time zone the schedule is read in (default <c>UTC</c>), e.g. <c>Europe/Amsterdam</c>.</summary>
    public string TimeZone { get; init; } = "UTC";

    /// <summary>
    /// The first instant intervals may start at; required with a schedule. A value of kind
    /// <see cref="DateTimeKind.Utc"/> is taken as UTC, any other as wall-clock time in <see cref="TimeZone"/>.
    /// </summary>
    public DateTime? StartDate { get; init; }

    /// <summary>No interval starts after this instant (interpreted like <see cref="StartDate"/>).</summary>
    public DateTime? EndDate { get; init; }

    /// <summary>
    /// When false (the default) the scheduler creates only the latest complete interval; when true
    /// it creates every interval missed since <see cref="StartDate"/> or the last run, in order.
    /// </summary>
    public bool Catchup { get; init; }

    /// <summary>How many runs of this DAG may be active at once (default 16).</summary>
    public int MaxActiveRuns { get; init; } = 16;

    /// <summary>How many task tries of this DAG may run at once across its runs (default 16).</summary>
    public int MaxActiveTasks { get; init; } = 16;

    /// <summary>Options every task starts from; a task's own options override them.</summary>
    public TaskOptions DefaultTaskOptions { get; init; } = new();

    /// <summary>Email addresses or alert channel names told when a task fails after its last try.</summary>
    public IReadOnlyList<string> AlertOnFailure { get; init; } = [];

    /// <summary>
    /// Who is alerted and on what for this DAG's tasks and runs (default: failures, to the host's
    /// default recipients). A task's <see cref="TaskOptions.Alerts"/> replaces it for that task.
    /// </summary>
    public AlertOptions? Alerts { get; init; }

    /// <summary>
    /// Whether data problems found in this DAG's writes alert its recipients without asking (default true): a failed
    /// quality check of severity error (<see cref="AlertEvents.QualityFailure"/>), a row-count anomaly
    /// (<see cref="AlertEvents.RowCountAnomaly"/>) and a breached freshness SLA of a dataset it wrote last
    /// (<see cref="AlertEvents.FreshnessBreach"/>), on top of the events <see cref="Alerts"/> (or a task's) names. They go to
    /// the recipients of <see cref="Alerts"/> (or the task's) and <see cref="AlertOnFailure"/>, else to the host's
    /// default recipients. Set false to opt out: then only the events named in <see cref="AlertOptions.On"/> alert.
    /// </summary>
    public bool AlertOnDataProblems { get; init; } = true;

    /// <summary>A run still going after this long sends an <see cref="AlertEvents.LongRun"/> alert (default none).</summary>
    public TimeSpan? ExpectedRunDuration { get; init; }

    /// <summary>
    /// When a run must be finished, counted from the end of its data interval: e.g. <c>TimeSpan.FromHours(3)</c> for a daily
    /// run means by 03:00 the next day. A run still going then sends one <see cref="AlertEvents.DeadlineMissed"/> alert and is
    /// listed as late on the "broken now" page (default none).
    /// </summary>
    public TimeSpan? Deadline { get; init; }
}
