using DataEngineer.Core.Governance;
using DataEngineer.Core.Loading;
using DataEngineer.Sdk;
using DataEngineer.Sdk.Postgres;
using Npgsql;

namespace DataEngineer.Execution.Governance;

/// <summary>
/// The built-in DAG <c>dataengineer_retention</c>: daily, one task per dataset whose declaration (in a task's
/// <see cref="TaskOptions.Reads"/> or <see cref="TaskOptions.Writes"/>) has a <see cref="Dataset.Retention"/> policy.
/// Each task deletes that dataset's expired rows (<see cref="DatasetRetention.DeleteExpiredRowsAsync"/>), logs how many
/// and returns a <see cref="RetentionResult"/> (its XCom, which <c>datasets show</c> reads). It is generated from the
/// loaded DAGs whenever they change, in every process alike, so it is scheduled, run and shown like any DAG; like
/// any new DAG it starts paused. The tasks declare no writes: deleting old rows is not new data for dataset-scheduled DAGs.
/// </summary>
public sealed class RetentionDag : Dag
{
    public const string DagName = RetentionRuns.DagId;

    public const string Source = "(built in: the retention policies of the loaded DAGs)";

    private readonly IReadOnlyList<Dataset> _datasets;

    private RetentionDag(IReadOnlyList<Dataset> datasets)
        : base(DagName, new DagOptions
        {
            Description = "Deletes the rows each dataset's retention policy no longer keeps (generated from the loaded DAGs' declarations).",
            Owner = "dataengineer",
            Tags = ["system", "governance"],
            Schedule = "@daily",
            StartDate = new DateTime(2024, 1, 1),
            Catchup = false,
            MaxActiveRuns = 1,
            DefaultTaskOptions = new TaskOptions { Retries = 2, RetryDelay = TimeSpan.FromMinutes(5) },
        }) => _datasets = datasets;

    /// <summary>
    /// The retention DAG for the policies the DAGs of <paramref name="loaded"/> declare: empty when none declares one.
    /// A dataset whose declarations disagree on its policy, or whose policy is unusable (a column that is not a plain
    /// identifier, no time kept), gets no task and an import error that says why.
    /// </summary>
    public static DagCatalog For(DagCatalog loaded)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        var declared = loaded.Dags.Values
            .SelectMany(g => g.Tasks.Values.SelectMany(PiiColumns.DatasetsOf).Where(d => d.Retention is not null).Select(d => (Dag: g.DagId, Dataset: d)))
            .GroupBy(d => d.Dataset.Name, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
        if (declared.Count == 0)
        {
            return DagCatalog.Empty;
        }

        var datasets = new List<Dataset>();
        var errors = new List<DagImportError>();
        foreach (var group in declared)
        {
            var policies = group.Select(d => d.Dataset.Retention!).Distinct().ToList();
            if (policies.Count > 1)
            {
                var who = string.Join("; ", group.Select(d => $"{d.Dag}: keep {d.Dataset.Retention!.KeepFor} by {d.Dataset.Retention.Column}").Distinct().Order(StringComparer.Ordinal));
                errors.Add(new DagImportError(Source, DagName,
                    $"dataset {group.Key} has different retention policies ({who}); it gets no retention task until its declarations agree."));
                continue;
            }

            var dataset = group.First().Dataset;
            if (Problem(dataset) is { } problem)
            {
                errors.Add(new DagImportError(Source, DagName, $"dataset {dataset.Name}: {problem}; it gets no retention task until that is fixed."));
                continue;
            }

            datasets.Add(dataset);
        }

        return datasets.Count == 0 ? DagCatalog.Empty.WithErrors(errors) : DagCatalog.FromInstance(new RetentionDag(datasets), Source, errors);
    }

    protected override void Define(DagBuilder dag)
    {
        foreach (var dataset in _datasets)
        {
            dag.Task(dataset.Name, ctx => EnforceAsync(ctx, dataset));
        }
    }

    private static async Task<RetentionResult> EnforceAsync(TaskContext context, Dataset dataset)
    {
        await using var connection = new NpgsqlConnection(context.GetConnectionString(dataset.Retention!.Connection));
        await connection.OpenAsync(context.CancellationToken);
        return await context.DeleteExpiredRowsAsync(connection, dataset);
    }

    private static string? Problem(Dataset dataset)
    {
        var policy = dataset.Retention!;
        if (policy.KeepFor <= TimeSpan.Zero)
        {
            return $"the retention policy keeps rows for {policy.KeepFor}; give a positive duration";
        }

        try
        {
            SqlIdentifier.Column(policy.Column, "its retention column");
            return null;
        }
        catch (InvalidIdentifierException e)
        {
            return e.Message;
        }
    }
}
