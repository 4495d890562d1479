using DataEngineer.Host.Settings;
using DataEngineer.Host.Web;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Xunit;

namespace DataEngineer.Ui.Tests.Security;

public sealed class WebDeploymentConfigurationTests
{
    [Fact]
    public void Unset_OnLoopback_AllowsLoopbackNamesOnly_NoProxy_DefaultLoginLimits()
    {
        var options = WebHostingOptions.Read(Config(), "127.0.0.1");

        Assert.Equal(["localhost", "127.0.0.1", "[::1]"], options.AllowedHosts);
        Assert.False(options.BehindProxy);
        Assert.Equal(new LoginThrottleOptions(), options.Login);
    }

    [Fact]
    public void Configured_HostsProxiesNetworksAndLimits_AreRead()
    {
        var options = WebHostingOptions.Read(Config(
            ("DataEngineer:Web:AllowedHosts", "dataengineer.example.com; *.corp.example"),
            ("DataEngineer:Web:ForwardedHeaders:KnownProxies", "10.0.0.5,10.0.0.6"),
            ("DataEngineer:Web:ForwardedHeaders:KnownNetworks:0", "172.16.0.0/12"),
            ("DataEngineer:Web:Login:AttemptsPerUser", "7"),
            ("DataEngineer:Web:Login:Window", "00:15:00")), "0.0.0.0");

        Assert.Equal(["dataengineer.example.com", "*.corp.example", "localhost", "127.0.0.1", "[::1]"], options.AllowedHosts);
        Assert.Equal(["10.0.0.5", "10.0.0.6"], options.KnownProxies.Select(p => p.ToString()));
        Assert.Equal("172.16.0.0/12", Assert.Single(options.KnownNetworks).ToString());
        Assert.Equal(7, options.Login.AttemptsPerUser);
        Assert.Equal(TimeSpan.FromMinutes(15), options.Login.Window);
    }

    [Theory]
    [InlineData(null, null, "0.0.0.0", "DataEngineer:Web:AllowedHosts is not set but the web host listens on 0.0.0.0: set the host names users reach it by")]
    [InlineData("DataEngineer:Web:AllowedHosts", "https://dataengineer.example.com/", "127.0.0.1", "give host names only, without scheme, path or port")]
    [InlineData("DataEngineer:Web:ForwardedHeaders:KnownProxies", "proxy.example", "127.0.0.1", "DataEngineer:Web:ForwardedHeaders:KnownProxies has 'proxy.example', not an IP address")]
    [InlineData("DataEngineer:Web:ForwardedHeaders:KnownNetworks", "10.0.0.0/99", "127.0.0.1", "not a network: give it in CIDR form, e.g. 10.0.0.0/8")]
    public void Garbage_IsOneClearError_NamingTheKeyAndTheFix(string? key, string? value, string listen, string expected)
    {
        var configuration = key is null ? Config() : Config((key, value!));

        var error = Assert.Throws<OptionsValidationException>(() => WebHostingOptions.Read(configuration, listen));

        Assert.Contains(expected, Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DataEngineer:Web:Login:AttemptsPerAddress", "-1", "DataEngineer:Web:Login:AttemptsPerAddress is '-1'; give a whole number of attempts from 1 to 10000 (default 30).")]
    [InlineData("DataEngineer:Web:Login:AttemptsPerUser", "lots", "DataEngineer:Web:Login:AttemptsPerUser is 'lots'; give a whole number of attempts from 1 to 10000 (default 5).")]
    [InlineData("DataEngineer:Web:Login:Window", "soon", "DataEngineer:Web:Login:Window is 'soon'; give a duration from 00:00:01 to 1.00:00:00, e.g. 00:05:00 (the default).")]
    [InlineData("DataEngineer:Web:Login:Window", "2.00:00:00", "DataEngineer:Web:Login:Window is '2.00:00:00'; give a duration from 00:00:01")]
    public void LoginLimitGarbage_IsRefusedAtStart_NamingTheKeyAndTheFix(string key, string value, string expected)
    {
        var error = Assert.Throws<OptionsValidationException>(() => WebHostingOptions.Read(Config((key, value)), "127.0.0.1"));

        Assert.StartsWith(expected, Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void SeveralWrongEntries_AreEachNamed_AtStart()
    {
        var error = Assert.Throws<OptionsValidationException>(() => StartupSettings.Validate(Config(
            ("DataEngineer:Web:AllowedHosts:0", "dataengineer.example.com:8080"),
            ("DataEngineer:Web:ForwardedHeaders:KnownProxies", "10.0.0.5; gateway"),
            ("DataEngineer:Web:ForwardedHeaders:KnownNetworks:0", "10.0.0.0"))));

        Assert.Equal(
        [
            "DataEngineer:Web:AllowedHosts has 'dataengineer.example.com:8080': give host names only, without scheme, path or port, e.g. dataengineer.example.com or *.example.com.",
            "DataEngineer:Web:ForwardedHeaders:KnownProxies has 'gateway', not an IP address: give the reverse proxy's address, e.g. 10.0.0.5.",
            "DataEngineer:Web:ForwardedHeaders:KnownNetworks has '10.0.0.0', not a network: give it in CIDR form, e.g. 10.0.0.0/8.",
        ], error.Failures);
    }

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
