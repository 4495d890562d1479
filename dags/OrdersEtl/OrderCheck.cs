namespace DataEngineer.Dags.OrdersEtl;

/// <summary>A data quality check: a query returning one line per failing row (@ids = the run's order ids, @expected = their count).</summary>
public sealed record OrderCheck(string Name, string Description, string FailingRowsSql);
