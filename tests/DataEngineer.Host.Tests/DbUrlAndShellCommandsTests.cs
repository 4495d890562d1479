using Npgsql;
using Xunit;

namespace DataEngineer.Host.Tests;

/// <summary>
/// <c>db url</c> and <c>db shell</c> against a real PostgreSQL (password authentication): the URI masks the password
/// unless asked, and psql connects with the password from its environment.
/// </summary>
public sealed class DbUrlAndShellCommandsTests(CliFixture fixture) : IClassFixture<CliFixture>
{
    private Dictionary<string, string?> Settings => new(fixture.Settings) { ["ConnectionStrings:Metadata"] = fixture.WarehouseConnectionString };

    private NpgsqlConnectionStringBuilder Connection => new(fixture.WarehouseConnectionString);

    [Fact]
    public async Task DbUrl_MasksThePassword_UnlessShowPassword()
    {
        var c = Connection;
        Assert.False(string.IsNullOrEmpty(c.Password));

        var masked = await CliHarness.RunAsync(Settings, "db", "url");
        var shown = await CliHarness.RunAsync(Settings, "db", "url", "--show-password");

        Assert.True(masked.ExitCode == 0, masked.Error);
        Assert.Equal($"postgresql://{c.Username}:****@{c.Host}:{c.Port}/{c.Database}", masked.Out.Trim());
        Assert.DoesNotContain(c.Password!, masked.Out + masked.Error, StringComparison.Ordinal);
        Assert.Equal($"postgresql://{c.Username}:{Uri.EscapeDataString(c.Password!)}@{c.Host}:{c.Port}/{c.Database}", shown.Out.Trim());
    }

    [Fact]
    public async Task DbUrl_Warehouse_PrintsTheWarehouseConnection()
    {
        var settings = new Dictionary<string, string?>(Settings) { ["ConnectionStrings:Metadata"] = "Host=127.0.0.1;Port=1;Database=not_this_one;Username=x;Password=y" };

        var result = await CliHarness.RunAsync(settings, "db", "url", "--warehouse");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal($"postgresql://{Connection.Username}:****@{Connection.Host}:{Connection.Port}/{Connection.Database}", result.Out.Trim());
    }

    [Fact]
    public async Task DbShell_RunsPsqlOnTheDatabase_WithThePasswordFromItsEnvironment()
    {
        var result = await CliHarness.RunAsync(Settings, "db", "shell", "--", "-A", "-t", "-c", "select current_database() || ':' || current_user");

        Assert.True(result.ExitCode == 0, result.Error + result.Out);
        Assert.Equal($"{Connection.Database}:{Connection.Username}", result.Out.Trim());
    }

    [Fact]
    public async Task DbShell_Warehouse_RunsPsqlOnTheWarehouse()
    {
        var settings = new Dictionary<string, string?>(fixture.Settings) { ["ConnectionStrings:Metadata"] = "Host=127.0.0.1;Port=1;Database=not_this_one;Username=x;Password=y" };

        var result = await CliHarness.RunAsync(settings, "db", "shell", "--warehouse", "--", "-A", "-t", "-c", "select current_database()");

        Assert.True(result.ExitCode == 0, result.Error + result.Out);
        Assert.Equal(Connection.Database, result.Out.Trim());
    }

    [Fact]
    public async Task DbShell_FailingStatement_ExitsOneAndSaysPsqlFailed()
    {
        var result = await CliHarness.RunAsync(Settings, "db", "shell", "--", "-c", "select * from no_such_table");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no_such_table", result.Error, StringComparison.Ordinal);
        Assert.Contains("psql exited with code 1 on the metadata database", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DbShell_BinDirectoryWithoutPsql_SaysWhereAndHowToFix()
    {
        var empty = Directory.CreateTempSubdirectory("dataengineer-no-psql-").FullName;
        try
        {
            var settings = new Dictionary<string, string?>(Settings) { ["DataEngineer:PostgresBinDirectory"] = empty };

            var result = await CliHarness.RunAsync(settings, "db", "shell", "--", "-c", "select 1");

            Assert.Equal(2, result.ExitCode);
            Assert.Contains($"DataEngineer:PostgresBinDirectory is '{empty}', which holds no psql", result.Error, StringComparison.Ordinal);
            Assert.Contains("apt-get install postgresql-client", result.Error, StringComparison.Ordinal);
            Assert.False(result.HasStackTrace, result.Error);
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    [Theory]
    [InlineData("db", "url", "--show-passwords")]
    [InlineData("db", "url", "extra")]
    public async Task DbUrl_Garbage_IsAUsageError(params string[] args)
    {
        var result = await CliHarness.RunAsync(Settings, args);

        Assert.Equal(2, result.ExitCode);
        Assert.False(result.HasStackTrace, result.Error);
    }
}
