namespace DataEngineer.Sdk.Postgres.Tests;

/// <summary>SQL tasks under test: a file beside this source, inline SQL, a missing file, SQL with an error, and SQL writing a dataset with a contract.</summary>
public sealed class SqlTaskDag(string inlineSql) : Dag<SqlTaskParams>("sql_tasks", new DagOptions())
{
    public static readonly Dataset DailyTotals = new("public.sql_daily_totals");

    public static readonly Dataset Regions = new("public.sql_regions")
    {
        Columns = [new DatasetColumnSpec("region") { Type = "text", Nullable = false, AcceptedValues = ["north", "south"] }],
        Contract = ContractMode.Additive,
    };

    protected override void Define(DagBuilder dag)
    {
        dag.SqlTask("from_file", SqlScript.File("Sql/daily_totals.sql"), options: new TaskOptions { Writes = [DailyTotals] });
        dag.SqlTask("inline", SqlScript.Text(inlineSql), new SqlTaskOptions { Parameters = new Dictionary<string, object?> { ["note"] = "extra" } });
        dag.SqlTask("missing", SqlScript.File("Sql/no_such_file.sql"));
        dag.SqlTask("contracted", SqlScript.Text(inlineSql), options: new TaskOptions { Writes = [Regions] });
    }
}
