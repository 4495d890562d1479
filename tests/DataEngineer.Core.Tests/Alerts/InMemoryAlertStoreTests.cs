using DataEngineer.Core.Alerts;
using DataEngineer.Testing;

namespace DataEngineer.Core.Tests.Alerts;

public class InMemoryAlertStoreTests : AlertStoreContract
{
    protected override Task<IAlertStore> CreateStoreAsync() => Task.FromResult<IAlertStore>(new InMemoryAlertStore());
}
