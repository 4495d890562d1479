using DataEngineer.Core.Operations;
using DataEngineer.Core.Storage;
using DataEngineer.Host.Settings;
using DataEngineer.Host.Web;
using DataEngineer.Ui.Pages;
using DataEngineer.Ui.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Xunit;

namespace DataEngineer.Ui.Tests;

public sealed class WebSecurityTests
{
    [Theory]
    [InlineData("dags/orders_etl", "/dags/orders_etl")]
    [InlineData("/dags/a?x=1", "/dags/a?x=1")]
    [InlineData("//evil.example/steal", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData(null, "/")]
    public void LoginReturnUrl_StaysOnThisSite(string? asked, string expected) => Assert.Equal(expected, Login.SafeReturnUrl(asked));

    [Fact]
    public void Configuration_UsersAndKeys_AreRead()
    {
        var security = WebAccessOptions.Read(Config(
            ("DataEngineer:Web:Users:olga:PasswordHash", UserDirectory.Hash("pw")), ("DataEngineer:Web:Users:olga:Role", "Operator"),
            ("DataEngineer:Web:ApiKeys:ci:Key", new string('k', 32)), ("DataEngineer:Web:ApiKeys:ci:Role", "viewer"),
            ("DataEngineer:Web:AnonymousReadOnly", "true")));

        Assert.Equal(Role.Operator, Assert.Single(security.Users).Role);
        Assert.Equal(Role.Viewer, Assert.Single(security.ApiKeys).Role);
        Assert.True(security.AnonymousReadOnly);
    }

    [Theory]
    [InlineData("DataEngineer:Web:Users:olga:Role", "root", "DataEngineer:Web:Users:olga:Role: the role 'root' is not one of viewer, operator, admin.")]
    [InlineData("DataEngineer:Web:ApiKeys:ci:Key", "short", "DataEngineer:Web:ApiKeys:ci:Key must be at least 24 characters")]
    [InlineData("DataEngineer:Web:Users:olga:PasswordHash", " ", "DataEngineer:Web:Users:olga has no PasswordHash. Make one with: dataengineer users hash-password")]
    [InlineData("DataEngineer:Web:ApiKeys:ci:Role", "superuser", "DataEngineer:Web:ApiKeys:ci:Role: the role 'superuser' is not one of viewer, operator, admin.")]
    public void Configuration_Garbage_IsOneClearError(string key, string value, string expected)
    {
        var settings = new List<(string, string)> { ("DataEngineer:Web:Users:olga:PasswordHash", "x"), ("DataEngineer:Web:Users:olga:Role", "viewer") };
        if (key.Contains("ApiKeys", StringComparison.Ordinal))
        {
            settings.Add(("DataEngineer:Web:ApiKeys:ci:Role", "viewer"));
        }

        settings.RemoveAll(s => s.Item1 == key);
        settings.Add((key, value));

        if (key.Contains("ApiKeys", StringComparison.Ordinal) && !key.EndsWith(":Key", StringComparison.Ordinal))
        {
            settings.Add(("DataEngineer:Web:ApiKeys:ci:Key", new string('k', 32)));
        }

        var error = Assert.Throws<OptionsValidationException>(() => WebAccessOptions.Read(Config([.. settings])));

        Assert.Contains(expected, Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Users_WrongPasswordOrUnknownName_AreRefused_HashOnlyIsStored()
    {
        var store = new InMemoryMetadataStore();
        var password = await AdminBootstrap.EnsureAdminAsync(store, TimeProvider.System, default);
        Assert.NotNull(password);
        Assert.Null(await AdminBootstrap.EnsureAdminAsync(store, TimeProvider.System, default));
        Assert.DoesNotContain(password, (await store.GetUserAsync("admin"))!.PasswordHash, StringComparison.Ordinal);

        var users = new UserDirectory(store, new WebSecurityOptions());

        Assert.Equal(Role.Admin, (await users.VerifyAsync("admin", password, default))!.Role);
        Assert.Null(await users.VerifyAsync("admin", password + "x", default));
        Assert.Null(await users.VerifyAsync("mallory", password, default));
        Assert.Null(await users.VerifyAsync("admin", "", default));
    }

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
