using DataEngineer.Core.Storage;
using DataEngineer.Testing;

namespace DataEngineer.Core.Tests.Storage;

public class InMemoryDatasetEventStoreTests : DatasetEventStoreContract
{
    protected override Task<IMetadataStore> CreateStoreAsync() => Task.FromResult<IMetadataStore>(new InMemoryMetadataStore());
}
