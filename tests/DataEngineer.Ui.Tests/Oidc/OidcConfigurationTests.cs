using System.Security.Claims;
using DataEngineer.Host.Settings;
using DataEngineer.Core.Operations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Xunit;

namespace DataEngineer.Ui.Tests.Oidc;

/// <summary>The OpenID Connect settings: read, mapped to roles, and every bad setting one clear error naming its key.</summary>
public sealed class OidcConfigurationTests
{
    private static readonly (string, string)[] Good =
    [
        ("DataEngineer:Web:Oidc:Authority", "https://login.example.com/realms/data"),
        ("DataEngineer:Web:Oidc:ClientId", "dataengineer"),
        ("DataEngineer:Web:Oidc:ClientSecret", "s3cret"),
        ("DataEngineer:Web:Oidc:Roles:admin:Claim", "groups"),
        ("DataEngineer:Web:Oidc:Roles:admin:Value", "de-admins"),
        ("DataEngineer:Web:Oidc:Roles:Viewer:Claim", "roles"),
        ("DataEngineer:Web:Oidc:Roles:Viewer:Value", "reader"),
    ];

    private static IConfiguration Config(IEnumerable<(string Key, string? Value)> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();

    private static Ui.Security.OidcOptions? Read(IConfiguration configuration) => StartupSettings.Read<OidcLoginOptions>(configuration).Login;

    private static ClaimsPrincipal User(params (string Type, string Value)[] claims) => new(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value)), "test"));

    [Fact]
    public void NoSection_MeansNoOidcLogin()
    {
        Assert.Null(Read(Config([("DataEngineer:Web:AnonymousReadOnly", "false")])));
        Assert.Null(WebAccessOptions.Read(Config([])).Oidc);
    }

    [Fact]
    public void Read_TakesEveryKey_AndMapsClaimsToTheHighestRole()
    {
        var oidc = Read(Config([.. Good, ("DataEngineer:Web:Oidc:Scopes", "profile groups"), ("DataEngineer:Web:Oidc:DisplayName", "Keycloak")]))!;

        Assert.Equal(new Uri("https://login.example.com/realms/data"), oidc.Authority);
        Assert.Equal("dataengineer", oidc.ClientId);
        Assert.Equal("s3cret", oidc.ClientSecret);
        Assert.Equal("Keycloak", oidc.DisplayName);
        Assert.Equal(["openid", "profile", "groups"], oidc.Scopes);
        Assert.True(oidc.RequireHttpsMetadata);
        Assert.Equal(Role.Admin, oidc.RoleOf(User(("groups", "staff"), ("groups", "de-admins"), ("roles", "reader"))));
        Assert.Equal(Role.Viewer, oidc.RoleOf(User(("roles", "reader"))));
        Assert.Null(oidc.RoleOf(User(("groups", "DE-ADMINS"), ("roles", "de-admins"))));
        Assert.Equal("ann", oidc.UserNameOf(User(("preferred_username", "ann"), ("email", "ann@example.com"))));
        Assert.Equal("bo@example.com", oidc.UserNameOf(User(("email", "bo@example.com"), ("sub", "42"))));
    }

    [Fact]
    public void DefaultRole_LetsUnmappedUsersInWithThatRole()
    {
        var oidc = Read(Config([.. Good.Where(g => !g.Item1.Contains(":Roles:", StringComparison.Ordinal)), ("DataEngineer:Web:Oidc:DefaultRole", "viewer")]))!;

        Assert.Empty(oidc.RoleMappings);
        Assert.Equal(Role.Viewer, oidc.RoleOf(User(("groups", "anything"))));
    }

    [Theory]
    [InlineData("DataEngineer:Web:Oidc:Authority", null, "DataEngineer:Web:Oidc:Authority is missing")]
    [InlineData("DataEngineer:Web:Oidc:Authority", "login.example.com", "DataEngineer:Web:Oidc:Authority is 'login.example.com', not an absolute http(s) URL")]
    [InlineData("DataEngineer:Web:Oidc:Authority", "http://login.example.com", "DataEngineer:Web:Oidc:Authority is plain http")]
    [InlineData("DataEngineer:Web:Oidc:Authority", "ftp://login.example.com", "not an absolute http(s) URL")]
    [InlineData("DataEngineer:Web:Oidc:ClientId", " ", "DataEngineer:Web:Oidc:ClientId is missing")]
    [InlineData("DataEngineer:Web:Oidc:RequireHttpsMetadata", "sometimes", "DataEngineer:Web:Oidc:RequireHttpsMetadata is 'sometimes'; set true or false.")]
    [InlineData("DataEngineer:Web:Oidc:Roles:admin:Value", "", "DataEngineer:Web:Oidc:Roles:admin:Value is missing")]
    [InlineData("DataEngineer:Web:Oidc:Roles:root:Claim", "groups", "DataEngineer:Web:Oidc:Roles:root: the role 'root' is not one of viewer, operator, admin.")]
    [InlineData("DataEngineer:Web:Oidc:DefaultRole", "superuser", "DataEngineer:Web:Oidc:DefaultRole: the role 'superuser' is not one of viewer, operator, admin.")]
    public void Garbage_IsOneClearErrorNamingTheKey(string key, string? value, string expected)
    {
        var settings = Good.Where(g => g.Item1 != key).Select(g => (g.Item1, (string?)g.Item2)).Append((key, value));

        var error = Assert.Throws<OptionsValidationException>(() => WebAccessOptions.Read(Config(settings)));

        Assert.Contains(expected, Assert.Single(error.Failures), StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NoRoleMappingAndNoDefault_IsRefused_NobodyCouldLogIn()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Read(Config([
            ("DataEngineer:Web:Oidc:Authority", "https://login.example.com"), ("DataEngineer:Web:Oidc:ClientId", "x")])));

        Assert.Contains("has no Roles and no DefaultRole", Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void SeveralWrongKeys_AreEachNamed_AtStart()
    {
        var error = Assert.Throws<OptionsValidationException>(() => StartupSettings.Validate(Config([
            ("DataEngineer:Web:Oidc:Authority", "not a url"), ("DataEngineer:Web:Oidc:ClientSecret", "s3cret"), ("DataEngineer:Web:Oidc:DefaultRole", "boss")])));

        Assert.Equal(
        [
            "DataEngineer:Web:Oidc:Authority is 'not a url', not an absolute http(s) URL: set the provider's issuer URL, e.g. https://login.example.com/realms/data.",
            "DataEngineer:Web:Oidc:ClientId is missing: set the client id registered with the provider (the OpenID Connect login is on because DataEngineer:Web:Oidc has keys).",
            "DataEngineer:Web:Oidc:DefaultRole: the role 'boss' is not one of viewer, operator, admin.",
        ], error.Failures);
    }

    [Fact]
    public void PlainHttpAuthority_IsAllowedOnlyWithRequireHttpsMetadataOff()
    {
        var oidc = Read(Config([.. Good.Where(g => !g.Item1.EndsWith("Authority", StringComparison.Ordinal)),
            ("DataEngineer:Web:Oidc:Authority", "http://127.0.0.1:5556"), ("DataEngineer:Web:Oidc:RequireHttpsMetadata", "false")]))!;

        Assert.False(oidc.RequireHttpsMetadata);
    }

    [Theory]
    [InlineData("http://jaeger:16686/trace/{traceId}", true)]
    [InlineData("https://grafana.example/explore?trace={traceId}&span={spanId}", true)]
    [InlineData("http://jaeger:16686/trace/", false)]
    [InlineData("jaeger/{traceId}", false)]
    [InlineData("javascript:alert(1)//{traceId}", false)]
    public void TraceUrl_MustBeHttpWithTheTraceIdPlaceholder(string url, bool accepted)
    {
        var configuration = Config([("DataEngineer:Ui:TraceUrl", url)]);
        if (accepted)
        {
            Assert.Equal(url, StartupSettings.Read<WebUiOptions>(configuration).Ui.TraceUrl);
            return;
        }

        var error = Assert.Throws<OptionsValidationException>(() => StartupSettings.Read<WebUiOptions>(configuration));
        Assert.Equal([$"DataEngineer:Ui:TraceUrl is '{url}'; give the trace viewer's http(s) address with {{traceId}} where the id goes, e.g. http://jaeger:16686/trace/{{traceId}}."], error.Failures);
    }
}
