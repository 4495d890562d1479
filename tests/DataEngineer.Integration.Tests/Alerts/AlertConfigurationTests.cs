using DataEngineer.Execution.Alerts;
using DataEngineer.Host.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Xunit;

namespace DataEngineer.Integration.Tests.Alerts;

public sealed class AlertConfigurationTests
{
    private static AlertSettings Read(params (string Key, string Value)[] values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
        using var http = new HttpClient();
        return AlertingOptions.Read(configuration, http);
    }

    [Fact]
    public void Read_EmailAndWebhook_ChannelsRoutingAndDeliveryFromConfiguration()
    {
        var settings = Read(
            ("DataEngineer:BaseUrl", "https://de.example.com"),
            ("DataEngineer:Alerts:DefaultRecipients", "mail; hook"),
            ("DataEngineer:Alerts:MaxAttempts", "4"),
            ("DataEngineer:Alerts:Channels:mail:Type", "email"),
            ("DataEngineer:Alerts:Channels:mail:Host", "smtp.example.com"),
            ("DataEngineer:Alerts:Channels:mail:Security", "tls"),
            ("DataEngineer:Alerts:Channels:mail:Username", "alerts"),
            ("DataEngineer:Alerts:Channels:mail:Password", "pw-123"),
            ("DataEngineer:Alerts:Channels:mail:From", "de@example.com"),
            ("DataEngineer:Alerts:Channels:mail:To:0", "a@example.com"),
            ("DataEngineer:Alerts:Channels:mail:To:1", "b@example.com"),
            ("DataEngineer:Alerts:Channels:hook:Type", "Webhook"),
            ("DataEngineer:Alerts:Channels:hook:Url", "https://hooks.example.com/services/T/B/secret"),
            ("DataEngineer:Alerts:Channels:hook:Format", "slack"));

        Assert.Equal(["hook", "mail"], settings.Channels.Select(c => c.Name).Order());
        Assert.Equal("smtp smtp.example.com:465 (tls) from de@example.com to a@example.com, b@example.com", settings.Channels.Single(c => c.Name == "mail").Target);
        Assert.Equal("slack webhook to https://hooks.example.com/…", settings.Channels.Single(c => c.Name == "hook").Target);
        Assert.Equal("mail", settings.Routing.AddressChannel);
        Assert.Equal(["mail", "hook"], settings.Routing.DefaultRecipients);
        Assert.Equal(new Uri("https://de.example.com"), settings.Routing.BaseUrl);
        Assert.Equal(4, settings.Delivery.MaxAttempts);
        Assert.DoesNotContain(settings.Channels, c => c.Target.Contains("pw-123", StringComparison.Ordinal) || c.Target.Contains("secret", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("DataEngineer:Alerts:Channels:m:Port", "smtp", "DataEngineer:Alerts:Channels:m:Port is 'smtp'; set a port number")]
    [InlineData("DataEngineer:Alerts:Channels:m:Security", "ssl3", "DataEngineer:Alerts:Channels:m:Security is 'ssl3'; set auto, none, starttls or tls.")]
    [InlineData("DataEngineer:Alerts:Channels:m:To", "not-an-address", "DataEngineer:Alerts:Channels:m:To has 'not-an-address', which is not an email address.")]
    [InlineData("DataEngineer:Alerts:Channels:m:Password", "pw-only", "DataEngineer:Alerts:Channels:m:Password is set but Username is not; set both or neither.")]
    [InlineData("DataEngineer:Alerts:EmailChannel", "nope", "DataEngineer:Alerts:EmailChannel is 'nope', which is not a configured email channel.")]
    [InlineData("DataEngineer:Alerts:Channels:bad name!:Type", "email", "DataEngineer:Alerts:Channels:bad name!: a channel name may hold letters, digits")]
    [InlineData("DataEngineer:Alerts:Channels:m:Type", "pager", "DataEngineer:Alerts:Channels:m:Type is 'pager'; set email or webhook.")]
    [InlineData("DataEngineer:Alerts:Channels:m:From", "nobody", "DataEngineer:Alerts:Channels:m:From has 'nobody', which is not an email address.")]
    public void Read_GarbageValue_ErrorNamesTheKeyAndTheFix(string key, string value, string expected)
    {
        (string Key, string Value)[] channel =
        [
            ("DataEngineer:Alerts:Channels:m:Type", "email"),
            ("DataEngineer:Alerts:Channels:m:Host", "smtp.example.com"),
            ("DataEngineer:Alerts:Channels:m:From", "de@example.com"),
        ];
        var error = Assert.Throws<OptionsValidationException>(() => Read([.. channel.Where(c => c.Key != key), (key, value)]));

        Assert.StartsWith(expected, Assert.Single(error.Failures), StringComparison.Ordinal);
        Assert.DoesNotContain("pw-only", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DataEngineer:Alerts:MaxAttempts", "0", "DataEngineer:Alerts:MaxAttempts is '0'; set a whole number of at least 1.")]
    [InlineData("DataEngineer:Alerts:SendTimeoutSeconds", "soon", "DataEngineer:Alerts:SendTimeoutSeconds is 'soon'; set a whole number of at least 1.")]
    [InlineData("DataEngineer:BaseUrl", "ftp://x", "DataEngineer:BaseUrl is 'ftp://x'; set the web UI's address, e.g. https://dataengineer.example.com.")]
    public void Read_GarbagePaceOrBaseUrl_IsRefusedNamingTheKeyAndTheFix(string key, string value, string expected)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Read(
            ("DataEngineer:Alerts:Channels:m:Type", "email"),
            ("DataEngineer:Alerts:Channels:m:Host", "smtp.example.com"),
            ("DataEngineer:Alerts:Channels:m:From", "de@example.com"),
            (key, value)));

        Assert.Equal([expected], error.Failures);
    }

    [Fact]
    public void Read_EmailWithoutHost_SaysWhichKeyIsMissing()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Read(("DataEngineer:Alerts:Channels:m:Type", "email"), ("DataEngineer:Alerts:Channels:m:From", "de@example.com")));

        Assert.Equal(["DataEngineer:Alerts:Channels:m:Host is not set; email channels need it."], error.Failures);
    }

    [Fact]
    public void Read_WebhookGarbage_EachKeyNamed_TheUrlNeverShown()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Read(
            ("DataEngineer:Alerts:Channels:hook:Type", "webhook"),
            ("DataEngineer:Alerts:Channels:hook:Url", "hooks.example.com/T0KEN"),
            ("DataEngineer:Alerts:Channels:hook:Format", "teams"),
            ("DataEngineer:Alerts:Channels:hook:SecretHeader", "X Secret")));

        Assert.Equal(
        [
            "DataEngineer:Alerts:Channels:hook:Url is not an absolute http or https URL.",
            "DataEngineer:Alerts:Channels:hook:Format is 'teams'; set json or slack.",
            "DataEngineer:Alerts:Channels:hook:SecretHeader 'X Secret' is not a valid HTTP header name.",
        ], error.Failures);
        Assert.DoesNotContain("T0KEN", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ListsAsOneValueOrEntries_TheSame()
    {
        var settings = Read(
            ("DataEngineer:Alerts:DefaultRecipients:0", "ops@example.com"),
            ("DataEngineer:Alerts:DefaultRecipients:1", "mail"),
            ("DataEngineer:Alerts:Channels:mail:Type", "email"),
            ("DataEngineer:Alerts:Channels:mail:Host", "smtp.example.com"),
            ("DataEngineer:Alerts:Channels:mail:From", "de@example.com"),
            ("DataEngineer:Alerts:Channels:mail:To", "a@example.com, b@example.com; a@example.com"));

        Assert.Equal(["ops@example.com", "mail"], settings.Routing.DefaultRecipients);
        Assert.Equal("smtp smtp.example.com:587 (auto) from de@example.com to a@example.com, b@example.com", Assert.Single(settings.Channels).Target);
    }
}
