using DataEngineer.Host.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Xunit;

namespace DataEngineer.Host.Tests;

/// <summary>
/// The engine's settings as <c>IOptions&lt;T&gt;</c> (<see cref="EngineOptions"/>, <see cref="CleanupOptions"/>,
/// <see cref="HealthOptions"/>, <see cref="WebOptions"/>, <see cref="WebLoginOptions"/>, <see cref="WebUiOptions"/>, <see cref="TelemetryOptions"/>, <see cref="AlertingOptions"/>, <see cref="WebAccessOptions"/>,
/// <see cref="OidcLoginOptions"/>, <see cref="WebHostingOptions"/>): bound from the configuration root, defaults kept, and every unusable value refused at
/// start with the key, the value and the fix.
/// </summary>
public sealed class EngineSettingsTests
{
    [Fact]
    public void Read_NothingSet_GivesTheDefaults()
    {
        var engine = StartupSettings.Read<EngineOptions>(Configuration());
        var cleanup = StartupSettings.Read<CleanupOptions>(Configuration());
        var health = StartupSettings.Read<HealthOptions>(Configuration());

        Assert.Equal(TimeSpan.FromSeconds(60), engine.Scheduler.ZombieTimeout);
        Assert.True(engine.Scheduler.DagsArePausedAtCreation);
        var runtime = engine.Runtime(Core.Connections.ConnectionRegistry.Empty);
        Assert.Equal((1024 * 1024, TimeSpan.FromMilliseconds(500), 10_000), (runtime.XComMaxBytes, runtime.LogFlushInterval, runtime.MaxMapLength));
        Assert.Empty(engine.PoolSlots);
        Assert.Null(cleanup.Cleanup);
        Assert.Null(health.Probe);
    }

    [Fact]
    public void Read_Values_AreBound_AndBlankMeansUnset()
    {
        var configuration = Configuration(
            ("DataEngineer:ZombieTimeoutSeconds", " 90 "), ("DataEngineer:DagsArePausedAtCreation", "false"), ("DataEngineer:XComMaxBytes", "4096"),
            ("DataEngineer:LogFlushIntervalMs", ""), ("DataEngineer:MaxMapLength", "12"), ("DataEngineer:Pools:warehouse", "3"), ("DataEngineer:Pools:api", "0"),
            ("DataEngineer:Cleanup:OlderThan", "2w"), ("DataEngineer:Cleanup:Schedule", "0 3 * * *"), ("DataEngineer:Cleanup:KeepLast", "5"),
            ("DataEngineer:Health:Port", "8081"), ("DataEngineer:Health:ListenAddress", "::"));

        var engine = StartupSettings.Read<EngineOptions>(configuration);
        var cleanup = StartupSettings.Read<CleanupOptions>(configuration).Cleanup!;

        Assert.Equal(TimeSpan.FromSeconds(90), engine.Scheduler.ZombieTimeout);
        Assert.False(engine.Scheduler.DagsArePausedAtCreation);
        var runtime = engine.Runtime(Core.Connections.ConnectionRegistry.Empty);
        Assert.Equal((4096, TimeSpan.FromMilliseconds(500), 12), (runtime.XComMaxBytes, runtime.LogFlushInterval, runtime.MaxMapLength));
        Assert.Equal([("api", 0), ("warehouse", 3)], engine.PoolSlots.Select(p => (p.Name, p.Slots)).OrderBy(p => p.Name));
        Assert.Equal((TimeSpan.FromDays(14), 5), (cleanup.OlderThan, cleanup.KeepLast));
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 0, 0, TimeSpan.Zero), cleanup.Schedule.NextFireAfter(new DateTimeOffset(2026, 1, 2, 1, 0, 0, TimeSpan.Zero)));
        Assert.Equal("http://[::]:8081", StartupSettings.Read<HealthOptions>(configuration).Probe!.Url);
    }

    [Theory]
    [InlineData("DataEngineer:ZombieTimeoutSeconds", "abc", "DataEngineer:ZombieTimeoutSeconds is 'abc'; set a whole number of at least 5.")]
    [InlineData("DataEngineer:ZombieTimeoutSeconds", "4", "DataEngineer:ZombieTimeoutSeconds is '4'; set a whole number of at least 5.")]
    [InlineData("DataEngineer:ZombieTimeoutSeconds", "99999999999", "DataEngineer:ZombieTimeoutSeconds is '99999999999'; set a whole number of at least 5.")]
    [InlineData("DataEngineer:DagsArePausedAtCreation", "maybe", "DataEngineer:DagsArePausedAtCreation is 'maybe'; set true or false.")]
    [InlineData("DataEngineer:XComMaxBytes", "1MB", "DataEngineer:XComMaxBytes is '1MB'; set a positive whole number of bytes (default 1048576).")]
    [InlineData("DataEngineer:LogFlushIntervalMs", "0", "DataEngineer:LogFlushIntervalMs is '0'; set a positive whole number of milliseconds (default 500).")]
    [InlineData("DataEngineer:MaxMapLength", "-1", "DataEngineer:MaxMapLength is '-1'; set a positive whole number of instances (default 10000).")]
    [InlineData("DataEngineer:Pools:warehouse", "-3", "DataEngineer:Pools:warehouse is '-3'; set a whole number of at least 0.")]
    [InlineData("DataEngineer:Pools:warehouse", "many", "DataEngineer:Pools:warehouse is 'many'; set a whole number of at least 0.")]
    public void EngineOptions_Garbage_NamesTheKeyTheValueAndTheFix(string key, string value, string expected) =>
        AssertRefused<EngineOptions>(key, value, expected);

    [Theory]
    [InlineData("DataEngineer:Cleanup:OlderThan", "soon", "DataEngineer:Cleanup:OlderThan is 'soon'; set an age such as 90d, 12h, 30m or 2w")]
    [InlineData("DataEngineer:Cleanup:Schedule", "@once", "DataEngineer:Cleanup:Schedule is '@once'; set a recurring cron expression or preset")]
    [InlineData("DataEngineer:Cleanup:KeepLast", "all", "DataEngineer:Cleanup:KeepLast is 'all'; set a number of runs between 1 and 10000")]
    public void CleanupOptions_Garbage_NamesTheKeyTheValueAndTheFix(string key, string value, string expected) =>
        AssertRefused<CleanupOptions>(key, value, expected);

    [Theory]
    [InlineData("DataEngineer:Health:Port", "0", "DataEngineer:Health:Port is '0'; set a port number from 1 to 65535 (or leave it unset for no health port).")]
    [InlineData("DataEngineer:Health:Port", "eighty", "DataEngineer:Health:Port is 'eighty'; set a port number from 1 to 65535")]
    [InlineData("DataEngineer:Health:ListenAddress", "localhost", "DataEngineer:Health:ListenAddress is 'localhost'; give an IP address, e.g. 127.0.0.1")]
    public void HealthOptions_Garbage_NamesTheKeyTheValueAndTheFix(string key, string value, string expected) =>
        AssertRefused<HealthOptions>(key, value, expected);

    [Theory]
    [InlineData("DataEngineer:Web:ListenAddress", "0.0.0.0:8080", "DataEngineer:Web:ListenAddress is '0.0.0.0:8080'; give an IP address")]
    [InlineData("DataEngineer:Web:AnonymousReadOnly", "yes", "DataEngineer:Web:AnonymousReadOnly is 'yes'; set true or false.")]
    public void WebOptions_Garbage_NamesTheKeyTheValueAndTheFix(string key, string value, string expected) =>
        AssertRefused<WebOptions>(key, value, expected);

    [Theory]
    [InlineData("DataEngineer:Web:Login:AttemptsPerUser", "0", "DataEngineer:Web:Login:AttemptsPerUser is '0'; give a whole number of attempts from 1 to 10000 (default 5).")]
    [InlineData("DataEngineer:Web:Login:Window", "5 minutes", "DataEngineer:Web:Login:Window is '5 minutes'; give a duration from 00:00:01 to 1.00:00:00")]
    public void WebLoginOptions_Garbage_NamesTheKeyTheValueAndTheFix(string key, string value, string expected) =>
        AssertRefused<WebLoginOptions>(key, value, expected);

    [Fact]
    public void WebUiOptions_Garbage_NamesTheKeyTheValueAndTheFix() =>
        AssertRefused<WebUiOptions>("DataEngineer:Ui:TraceUrl", "jaeger/{traceId}", "DataEngineer:Ui:TraceUrl is 'jaeger/{traceId}'; give the trace viewer's http(s) address with {traceId}");

    [Theory]
    [InlineData("DataEngineer:Alerts:MaxAttempts", "never", "DataEngineer:Alerts:MaxAttempts is 'never'; set a whole number of at least 1.")]
    [InlineData("DataEngineer:Alerts:FirstRetryDelaySeconds", "0", "DataEngineer:Alerts:FirstRetryDelaySeconds is '0'; set a whole number of at least 1.")]
    public void AlertingOptions_Garbage_NamesTheKeyTheValueAndTheFix(string key, string value, string expected) =>
        AssertRefused<AlertingOptions>(key, value, expected);

    [Theory]
    [InlineData("DataEngineer:Web:Users:olga:Role", "viewer", "DataEngineer:Web:Users:olga has no PasswordHash. Make one with: dataengineer users hash-password")]
    [InlineData("DataEngineer:Web:Users:olga:PasswordHash", "x", "DataEngineer:Web:Users:olga:Role: the role '' is not one of viewer, operator, admin.")]
    [InlineData("DataEngineer:Web:ApiKeys:ci:Role", "viewer", "DataEngineer:Web:ApiKeys:ci:Key must be at least 24 characters (a random string, e.g. from 'openssl rand -hex 24').")]
    public void WebAccessOptions_Garbage_NamesTheKeyAndTheFix(string key, string value, string expected) =>
        AssertRefused<WebAccessOptions>(key, value, expected);

    [Theory]
    [InlineData("DataEngineer:Web:Oidc:Authority", "login.example.com", "DataEngineer:Web:Oidc:Authority is 'login.example.com', not an absolute http(s) URL")]
    [InlineData("DataEngineer:Web:Oidc:DefaultRole", "root", "DataEngineer:Web:Oidc:DefaultRole: the role 'root' is not one of viewer, operator, admin.")]
    [InlineData("DataEngineer:Web:Oidc:RequireHttpsMetadata", "sometimes", "DataEngineer:Web:Oidc:RequireHttpsMetadata is 'sometimes'; set true or false.")]
    [InlineData("DataEngineer:Alerts:Channels:pager:Type", "pager", "DataEngineer:Alerts:Channels:pager:Type is 'pager'; set email or webhook.")]
    [InlineData("DataEngineer:Alerts:EmailChannel", "mail", "DataEngineer:Alerts:EmailChannel is 'mail', which is not a configured email channel.")]
    [InlineData("DataEngineer:Web:ForwardedHeaders:KnownProxies", "proxy.internal", "DataEngineer:Web:ForwardedHeaders:KnownProxies has 'proxy.internal', not an IP address")]
    [InlineData("DataEngineer:Web:AllowedHosts", "https://de.example.com", "DataEngineer:Web:AllowedHosts has 'https://de.example.com': give host names only")]
    public void Validate_WebSecurityAlertChannelsAndHosting_Garbage_NamesTheKeyAndTheFix(string key, string value, string expected)
    {
        var error = Assert.Throws<OptionsValidationException>(() => StartupSettings.Validate(Configuration((key, value))));

        Assert.Contains(error.Failures, f => f.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Read_WebSecurityOidcAndAlerts_FromAppSettingsJson_Bind()
    {
        var folder = Directory.CreateTempSubdirectory("dataengineer-settings-").FullName;
        try
        {
            var json = Path.Combine(folder, "appsettings.Production.json");
            File.WriteAllText(json, """
                { "DataEngineer": {
                    "Web": { "Users": { "olga": { "PasswordHash": "h", "Role": "admin" } }, "AllowedHosts": [ "de.example.com" ],
                             "Oidc": { "Authority": "https://login.example.com", "ClientId": "de", "DefaultRole": "viewer" } },
                    "Alerts": { "Channels": { "hook": { "Type": "webhook", "Url": "https://hooks.example.com/x" } }, "DefaultRecipients": [ "hook" ] } } }
                """);
            var configuration = new ConfigurationBuilder().AddJsonFile(json).Build();

            StartupSettings.Validate(configuration);
            var security = WebAccessOptions.Read(configuration);
            Assert.Equal(("olga", Core.Operations.Role.Admin), (Assert.Single(security.Users).UserName, security.Users[0].Role));
            Assert.Equal(Core.Operations.Role.Viewer, security.Oidc!.DefaultRole);
            Assert.Equal(["de.example.com", "localhost", "127.0.0.1", "[::1]"], WebHostingOptions.Read(configuration, "0.0.0.0").AllowedHosts);
            using var http = new HttpClient();
            Assert.Equal(["hook"], AlertingOptions.Read(configuration, http).Routing.DefaultRecipients);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void EngineOptions_BaseUrlNotHttp_NamesTheKeyTheValueAndTheFix() =>
        AssertRefused<EngineOptions>("DataEngineer:BaseUrl", "dataengineer.example.com", "DataEngineer:BaseUrl is 'dataengineer.example.com'; set the web UI's address, e.g. https://dataengineer.example.com.");

    [Fact]
    public void TelemetryOptions_Garbage_NamesTheKeyTheValueAndTheFix() =>
        AssertRefused<TelemetryOptions>("DataEngineer:Telemetry:Console", "on", "DataEngineer:Telemetry:Console is 'on'; set true or false.");

    [Fact]
    public void Validate_SeveralAreasWrong_ReportsEveryFailure()
    {
        var configuration = Configuration(("DataEngineer:ZombieTimeoutSeconds", "soon"), ("DataEngineer:Pools:a", "x"), ("DataEngineer:Health:Port", "http"));

        var error = Assert.Throws<OptionsValidationException>(() => StartupSettings.Validate(configuration));

        Assert.Equal(
            ["DataEngineer:ZombieTimeoutSeconds is 'soon'; set a whole number of at least 5.", "DataEngineer:Pools:a is 'x'; set a whole number of at least 0.",
             "DataEngineer:Health:Port is 'http'; set a port number from 1 to 65535 (or leave it unset for no health port)."],
            error.Failures);
    }

    [Fact]
    public void Read_AppSettingsOfTheEnvironment_AndAKeyPerFileSecret_Bind()
    {
        var folder = Directory.CreateTempSubdirectory("dataengineer-settings-").FullName;
        try
        {
            var json = Path.Combine(folder, "appsettings.Staging.json");
            File.WriteAllText(json, """{ "DataEngineer": { "ZombieTimeoutSeconds": 61, "Pools": { "warehouse": 4 } } }""");
            var secrets = Directory.CreateDirectory(Path.Combine(folder, "secrets")).FullName;
            File.WriteAllText(Path.Combine(secrets, "DataEngineer__Health__Port"), "9100\n");
            var configuration = new ConfigurationBuilder().AddJsonFile(json).AddKeyPerFile(secrets, optional: false).Build();

            Assert.Equal(TimeSpan.FromSeconds(61), StartupSettings.Read<EngineOptions>(configuration).Scheduler.ZombieTimeout);
            Assert.Equal(4, Assert.Single(StartupSettings.Read<EngineOptions>(configuration).PoolSlots).Slots);
            Assert.Equal(9100, StartupSettings.Read<HealthOptions>(configuration).Port);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Read_GarbageInAppSettingsJson_NamesTheKey()
    {
        var folder = Directory.CreateTempSubdirectory("dataengineer-settings-").FullName;
        try
        {
            var json = Path.Combine(folder, "appsettings.Production.json");
            File.WriteAllText(json, """{ "DataEngineer": { "Cleanup": { "KeepLast": 0 } } }""");
            var configuration = new ConfigurationBuilder().AddJsonFile(json).Build();

            var error = Assert.Throws<OptionsValidationException>(() => StartupSettings.Read<CleanupOptions>(configuration));

            Assert.Equal(["DataEngineer:Cleanup:KeepLast is '0'; set a number of runs between 1 and 10000 (each DAG's latest run is always kept)."], error.Failures);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void AssertRefused<T>(string key, string value, string expected) where T : class
    {
        var error = Assert.Throws<OptionsValidationException>(() => StartupSettings.Read<T>(Configuration((key, value))));

        Assert.StartsWith(expected, Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
}
