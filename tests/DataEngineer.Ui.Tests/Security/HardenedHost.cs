using DataEngineer.Ui.Tests.Oidc;
using Xunit;

namespace DataEngineer.Ui.Tests.Security;

/// <summary>
/// A real standalone host deployed as behind a TLS proxy: allowed host <see cref="PublicHost"/>, the loopback address
/// trusted as its proxy, a login limit small enough to hit (3 attempts per user name, 6 per address, per 6 s window),
/// single sign-on against <see cref="TestOidcProvider"/>, and a home folder of its own (where the framework would keep
/// data-protection keys if they were not in the database).
/// </summary>
public sealed class HardenedHost : IAsyncLifetime
{
    public const string PublicHost = "dataengineer.test";
    public const int AttemptsPerUser = 3;
    public const int AttemptsPerAddress = 6;
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(6);

    /// <summary>
    /// Viewers (password <see cref="HostUnderTest.Password"/>), one per test that logs in: every login counts toward its
    /// name's limit, so a test never waits for the window because another test used the same name.
    /// </summary>
    public static readonly string[] TestUsers = ["locky", "enum", "sprayee", "leo", "tabby", "linky", "dp", "secure", "healthy", "revokee", "restarty", "samey"];

    private static readonly Lazy<string> Hash = new(() => DataEngineer.Ui.Security.UserDirectory.Hash(HostUnderTest.Password));

    private readonly string _home = Path.Combine(Path.GetTempPath(), "dataengineer-home-" + Guid.NewGuid().ToString("N"));
    private TestOidcProvider? _provider;

    public HostUnderTest Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _provider = await TestOidcProvider.StartAsync("dataengineer-ui", "hardened-secret-1234");
        Host = new HostUnderTest { ExtraEnvironment = Settings(_home, _provider.Issuer) };
        await Host.InitializeAsync();
    }

    /// <summary>Another web process on the same database, with a home folder of its own (a replica, or a redeploy).</summary>
    public HostUnderTest Replica(string home) => new()
    {
        Verb = "webserver",
        SharesDatabaseWith = Host,
        ExtraEnvironment = Settings(home, _provider!.Issuer),
    };

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        if (_provider is not null)
        {
            await _provider.DisposeAsync();
        }

        Directory.Delete(_home, recursive: true);
    }

    private static Dictionary<string, string> Settings(string home, string issuer)
    {
        Directory.CreateDirectory(home);
        var settings = new Dictionary<string, string>
        {
            ["HOME"] = home,
            // Only the compiled test DAGs: nothing to compile.
            ["DataEngineer__DagsFolder"] = "",
            ["DataEngineer__Web__AllowedHosts"] = PublicHost,
            ["DataEngineer__Web__ForwardedHeaders__KnownProxies"] = "127.0.0.1",
            ["DataEngineer__Web__Login__AttemptsPerUser"] = AttemptsPerUser.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["DataEngineer__Web__Login__AttemptsPerAddress"] = AttemptsPerAddress.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["DataEngineer__Web__Login__Window"] = Window.ToString(),
            ["DataEngineer__Web__Oidc__Authority"] = issuer,
            ["DataEngineer__Web__Oidc__ClientId"] = "dataengineer-ui",
            ["DataEngineer__Web__Oidc__ClientSecret"] = "hardened-secret-1234",
            ["DataEngineer__Web__Oidc__RequireHttpsMetadata"] = "false",
            ["DataEngineer__Web__Oidc__DefaultRole"] = "viewer",
            // Login events (ids 7001-7005) at every level.
            ["Logging__LogLevel__DataEngineer.Ui.Security"] = "Information",
        };
        foreach (var user in TestUsers)
        {
            settings[$"DataEngineer__Web__Users__{user}__PasswordHash"] = Hash.Value;
            settings[$"DataEngineer__Web__Users__{user}__Role"] = "viewer";
        }

        return settings;
    }
}
