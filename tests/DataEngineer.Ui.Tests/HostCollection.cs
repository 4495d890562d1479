using Xunit;

namespace DataEngineer.Ui.Tests;

/// <summary>The browser and API tests share one real host (starting one takes seconds); they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class HostCollection : ICollectionFixture<HostUnderTest>, ICollectionFixture<BrowserFixture>
{
    public const string Name = "real host";
}
