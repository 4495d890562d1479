namespace DataEngineer.Dags.OrdersEtl;

/// <summary>What load_orders did: rows inserted, updated and unchanged, and the orders it covered.</summary>
public sealed record LoadResult(int Inserted, int Updated, int Unchanged, IReadOnlyList<long> OrderIds);
