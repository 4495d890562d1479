using DataEngineer.Core.Storage;
using DataEngineer.Testing;

namespace DataEngineer.Core.Tests.Storage;

public class InMemoryMetadataStoreTests : MetadataStoreContract
{
    protected override Task<IMetadataStore> CreateStoreAsync() => Task.FromResult<IMetadataStore>(new InMemoryMetadataStore());
}
