using DataEngineer.Core.Storage;
using DataEngineer.Testing;

namespace DataEngineer.Postgres.Tests;

/// <summary>The dataset catalog store contract against PostgreSQL, each test on a fresh, migrated schema.</summary>
public sealed class PostgresDatasetCatalogStoreTests(MigratedStores stores) : DatasetCatalogStoreContract, IClassFixture<MigratedStores>
{
    protected override Task<IMetadataStore> CreateStoreAsync() => stores.CreateAsync();
}
