using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using DataEngineer.Testing;
using Xunit;

namespace DataEngineer.Ui.Tests.Oidc;

/// <summary>A host started with an incomplete OpenID Connect configuration stops at once with one message naming the key.</summary>
[Collection(HostCollection.Name)]
public sealed class OidcStartupTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task MissingAuthority_StopsTheStart_NamingTheKey_WithoutTheSecretOrAStackTrace()
    {
        const string secret = "startup-secret-5d1e9b";
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "dataengineer.dll"));
        start.ArgumentList.Add("webserver");
        start.ArgumentList.Add("--port");
        using (var free = new TcpListener(IPAddress.Loopback, 0))
        {
            free.Start();
            start.ArgumentList.Add(((IPEndPoint)free.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture));
        }

        start.Environment["ConnectionStrings__Metadata"] = database.ConnectionString;
        start.Environment["DataEngineer__DagsFolder"] = "";
        start.Environment["DataEngineer__Web__Oidc__ClientId"] = "dataengineer";
        start.Environment["DataEngineer__Web__Oidc__ClientSecret"] = secret;
        start.Environment["DataEngineer__Web__Oidc__DefaultRole"] = "viewer";

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(limit.Token);
        var output = await stdout + await stderr;

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("DataEngineer:Web:Oidc:Authority is missing: set the provider's issuer URL", output, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("is running", output, StringComparison.Ordinal);
    }
}
