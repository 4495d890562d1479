using DataEngineer.Core.Storage;
using DataEngineer.Testing;

namespace DataEngineer.Postgres.Tests;

/// <summary>The store contract against PostgreSQL, each test on a fresh, migrated schema.</summary>
public sealed class PostgresMetadataStoreTests(MigratedStores stores) : MetadataStoreContract, IClassFixture<MigratedStores>
{
    protected override Task<IMetadataStore> CreateStoreAsync() => stores.CreateAsync();
}
