using DataEngineer.Postgres.Local;

namespace DataEngineer.Postgres.Tests;

public sealed class PostgresBinariesTests
{
    [Theory]
    [InlineData("/nonexistent/postgresql/bin")]
    [InlineData("/")]
    public void Find_BogusConfiguredDirectory_ReturnsNullEvenWithBinariesInstalledElsewhere(string configured)
    {
        Assert.NotNull(PostgresBinaries.Find(null));

        Assert.Null(PostgresBinaries.Find(configured));
    }

    [Fact]
    public void Find_NothingConfigured_ReturnsDirectoryWithServerPrograms()
    {
        var found = PostgresBinaries.Find(null);

        Assert.NotNull(found);
        Assert.All(["initdb", "pg_ctl", "postgres"], program => Assert.True(File.Exists(Path.Combine(found, program)), program));
    }

    [Fact]
    public void Find_ConfiguredDirectoryWithServerPrograms_ReturnsItsFullPath()
    {
        var installed = PostgresBinaries.Find(null)!;

        Assert.Equal(installed, PostgresBinaries.Find(installed + "/"));
    }
}
