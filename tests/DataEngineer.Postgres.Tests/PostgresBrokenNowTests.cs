using DataEngineer.Core.Storage;
using DataEngineer.Testing;

namespace DataEngineer.Postgres.Tests;

/// <summary>The broken-now contract against PostgreSQL, each test on a fresh, migrated schema.</summary>
public sealed class PostgresBrokenNowTests(MigratedStores stores) : BrokenNowContract, IClassFixture<MigratedStores>
{
    protected override Task<IMetadataStore> CreateStoreAsync() => stores.CreateAsync();
}
