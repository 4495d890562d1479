using DataEngineer.Core.Storage;
using DataEngineer.Testing;

namespace DataEngineer.Postgres.Tests;

/// <summary>The backfill store contract against PostgreSQL, each test on a fresh, migrated schema.</summary>
public sealed class PostgresBackfillStoreTests(MigratedStores stores) : BackfillStoreContract, IClassFixture<MigratedStores>
{
    protected override Task<IMetadataStore> CreateStoreAsync() => stores.CreateAsync();
}
