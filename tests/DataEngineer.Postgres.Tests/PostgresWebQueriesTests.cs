using DataEngineer.Core.Storage;
using DataEngineer.Testing;

namespace DataEngineer.Postgres.Tests;

/// <summary>The web queries contract against PostgreSQL, each test on a fresh, migrated schema.</summary>
public sealed class PostgresWebQueriesTests(MigratedStores stores) : WebQueriesContract, IClassFixture<MigratedStores>
{
    protected override Task<IMetadataStore> CreateStoreAsync() => stores.CreateAsync();
}
