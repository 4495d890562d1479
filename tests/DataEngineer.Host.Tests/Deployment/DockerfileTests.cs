using DataEngineer.Testing;
using Xunit;

namespace DataEngineer.Host.Tests.Deployment;

/// <summary>The host's Dockerfile: SDK build stage, ASP.NET Core runtime stage, non-root, the DAGs folder inside.</summary>
public sealed class DockerfileTests
{
    private static readonly DockerfileStages Dockerfile = DockerfileStages.Load(Path.Combine(RepositoryPaths.Root, "Dockerfile"));

    [Fact]
    public void Stages_BuildWithTheSdk_RunOnTheAspNetRuntime()
    {
        Assert.True(Dockerfile.Stages.Count >= 2, "a multi-stage build is expected");
        var build = Dockerfile.Stages[0];
        var runtime = Dockerfile.Stages[^1];

        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:", build.Image, StringComparison.Ordinal);
        Assert.Contains(build.Arguments("RUN"), r => r.Contains("dotnet publish src/DataEngineer.Host/DataEngineer.Host.csproj", StringComparison.Ordinal));
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:", runtime.Image, StringComparison.Ordinal);
        Assert.Contains(runtime.Arguments("COPY"), c => c.StartsWith($"--from={build.Name} ", StringComparison.Ordinal));
        Assert.Contains(runtime.Arguments("ENTRYPOINT"), e => e.Contains("dataengineer.dll", StringComparison.Ordinal));
    }

    [Fact]
    public void Runtime_RunsAsANonRootUser()
    {
        var user = Dockerfile.Stages[^1].Arguments("USER").LastOrDefault();

        Assert.NotNull(user);
        Assert.DoesNotContain(user.Split(':')[0], new[] { "root", "0" });
        // The last USER must come after everything that needs root (apt-get, chown).
        var instructions = Dockerfile.Stages[^1].Instructions.ToList();
        Assert.True(instructions.FindLastIndex(i => i.Keyword == "USER") > instructions.FindLastIndex(i => i.Keyword == "RUN"));
    }

    [Fact]
    public void Runtime_CopiesTheDagsFolder_WhereItsDefaultSettingPoints()
    {
        var runtime = Dockerfile.Stages[^1];
        var copy = runtime.Arguments("COPY").Single(c => c.StartsWith("dags/", StringComparison.Ordinal)).Split(' ');
        var env = string.Join(' ', runtime.Arguments("ENV"));

        Assert.Contains($"DataEngineer__DagsFolder={copy[1].TrimEnd('/')}", env, StringComparison.Ordinal);
        Assert.Contains("DataEngineer__Web__ListenAddress=0.0.0.0", env, StringComparison.Ordinal);
        foreach (var key in env.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(e => e.Split('=')[0]))
        {
            Assert.Null(HostConfigurationKeys.Problem(key));
        }
    }

    [Fact]
    public void Runtime_ChecksForTheDagReferenceAssembliesAndIcu_WhichThePublishAndTheBaseImageBring()
    {
        var runtime = Dockerfile.Stages[^1];
        var workdir = runtime.Arguments("WORKDIR").Single();
        var checks = string.Join('\n', runtime.Arguments("RUN"));

        Assert.Contains($"test -f {workdir}/dag-references/System.Runtime.dll", checks, StringComparison.Ordinal);
        Assert.Contains("libicuuc.so", checks, StringComparison.Ordinal);
        Assert.Contains("postgresql-client", checks, StringComparison.Ordinal);
        // The published host carries the folder the check looks for, as this test's build output does.
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "dag-references", "System.Runtime.dll")));
        var host = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "src", "DataEngineer.Host", "DataEngineer.Host.csproj"));
        Assert.DoesNotContain("<InvariantGlobalization>true", host, StringComparison.Ordinal);
    }

    [Fact]
    public void BuildContext_IgnoresBuildOutputAndTests()
    {
        var ignored = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, ".dockerignore"));

        Assert.Contains("**/bin/", ignored);
        Assert.Contains("**/obj/", ignored);
        Assert.Contains("tests/", ignored);
    }
}
