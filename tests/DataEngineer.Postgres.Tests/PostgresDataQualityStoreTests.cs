using DataEngineer.Core.Storage;
using DataEngineer.Testing;

namespace DataEngineer.Postgres.Tests;

/// <summary>The data quality store contract against PostgreSQL, each test on a fresh, migrated schema.</summary>
public sealed class PostgresDataQualityStoreTests(MigratedStores stores) : DataQualityStoreContract, IClassFixture<MigratedStores>
{
    protected override Task<IMetadataStore> CreateStoreAsync() => stores.CreateAsync();
}
