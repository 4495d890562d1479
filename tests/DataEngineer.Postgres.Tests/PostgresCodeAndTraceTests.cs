using DataEngineer.Core.Storage;
using DataEngineer.Testing;

namespace DataEngineer.Postgres.Tests;

/// <summary>The code and trace contract against PostgreSQL, each test on a fresh, migrated schema.</summary>
public sealed class PostgresCodeAndTraceTests(MigratedStores stores) : CodeAndTraceContract, IClassFixture<MigratedStores>
{
    protected override Task<IMetadataStore> CreateStoreAsync() => stores.CreateAsync();
}
