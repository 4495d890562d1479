namespace DataEngineer.Sdk;

/// <summary>
/// Runs a DAG when the datasets it consumes are updated (Airflow's data-aware scheduling). A dataset is updated
/// when a task that lists it in <see cref="TaskOptions.Writes"/> (or records a write of it) finishes a try
/// successfully; a failed try updates nothing. Updates queue per consuming DAG: once the condition holds, the DAG
/// gets exactly one run, which consumes every queued update of its datasets, however many arrived. Set it as
/// <see cref="DagOptions.ScheduleOn"/>; it combines with a cron <see cref="DagOptions.Schedule"/> (the DAG then runs
/// on both).
/// </summary>
/// <example><code>
/// public static readonly Dataset Orders = new("warehouse.orders");
/// public static readonly Dataset Customers = new("warehouse.customers");
///
/// new DagOptions { ScheduleOn = DatasetSchedule.All(Orders, Customers) }   // both updated
/// new DagOptions { ScheduleOn = DatasetSchedule.Any(Orders, Customers) }   // either updated
/// </code></example>
public sealed class DatasetSchedule
{
    private DatasetSchedule(DatasetCondition condition, IReadOnlyList<Dataset> datasets)
    {
        Condition = condition;
        Datasets = datasets;
    }

    /// <summary>Whether all or any of <see cref="Datasets"/> must be updated.</summary>
    public DatasetCondition Condition { get; }

    /// <summary>The datasets the DAG consumes, each once, in the order given.</summary>
    public IReadOnlyList<Dataset> Datasets { get; }

    /// <summary>The dataset names, each once, in the order given.</summary>
    public IReadOnlyList<string> Names => Datasets.Select(d => d.Name).ToList();

    /// <summary>A run once every one of <paramref name="datasets"/> has been updated since the last dataset-triggered run.</summary>
    public static DatasetSchedule All(params Dataset[] datasets) => new(DatasetCondition.All, Distinct(datasets));

    /// <summary>A run once any one of <paramref name="datasets"/> has been updated since the last dataset-triggered run.</summary>
    public static DatasetSchedule Any(params Dataset[] datasets) => new(DatasetCondition.Any, Distinct(datasets));

    /// <summary>The condition in words, e.g. <c>when all of warehouse.orders, warehouse.customers are updated</c>.</summary>
    public override string ToString() => Datasets.Count switch
    {
        0 => "on no datasets",
        1 => $"when {Datasets[0].Name} is updated",
        _ => $"when {(Condition == DatasetCondition.All ? "all" : "any")} of {string.Join(", ", Names)} {(Condition == DatasetCondition.All ? "are" : "is")} updated",
    };

    private static List<Dataset> Distinct(Dataset[]? datasets) =>
        (datasets ?? []).Where(d => d is not null).DistinctBy(d => d.Name, StringComparer.Ordinal).ToList();
}
