using DataEngineer.Core.Alerts;
using DataEngineer.Testing;

namespace DataEngineer.Postgres.Tests;

/// <summary>The alert store contract against PostgreSQL, each test on a fresh, migrated schema.</summary>
public sealed class PostgresAlertStoreTests(MigratedStores stores) : AlertStoreContract, IClassFixture<MigratedStores>
{
    protected override async Task<IAlertStore> CreateStoreAsync() => (IAlertStore)await stores.CreateAsync();
}
