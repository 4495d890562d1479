using DataEngineer.Postgres.Local;

namespace DataEngineer.Postgres.Tests;

public sealed class LocalPostgresDefaultsTests
{
    [Fact]
    public void DataDirectory_CurrentUser_IsOutsideRootsPrivateHome()
    {
        var expected = Environment.IsPrivilegedProcess
            ? "/var/lib/dataengineer/postgres"
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "dataengineer", "postgres");

        Assert.Equal(expected, LocalPostgresDefaults.DataDirectory());
    }
}
