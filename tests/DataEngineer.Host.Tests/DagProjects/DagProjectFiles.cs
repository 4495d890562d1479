using DataEngineer.Sdk;

namespace DataEngineer.Host.Tests.DagProjects;

/// <summary>
/// A DAG project that uses a NuGet package the host does not ship (Humanizer.Core), restored offline: its nuget.config
/// clears every other source and names a local folder holding the package (copied from the machine's package cache)
/// and a package folder of its own, so nothing comes from the network or the machine's cache.
/// </summary>
internal static class DagProjectFiles
{
    public const string HumanizerVersion = "2.14.1";

    // The task's rows written are the words Humanizer makes of an identifier: three, only if the package really ran.
    public const string GreetingsDag = """
        using DataEngineer.Sdk;
        using Humanizer;

        namespace Greetings;

        public sealed class GreetingsDag() : Dag("greetings", new DagOptions { StartDate = new DateTime(2024, 1, 1) })
        {
            protected override void Define(DagBuilder dag) => dag.Task("spell", ctx =>
            {
                var words = "order_lines_loaded".Humanize();
                ctx.Rows.AddWritten(words.Split(' ').Length);
                if (words != "order lines loaded")
                {
                    ctx.Fail($"Humanizer made '{words}' of order_lines_loaded");
                }
            });
        }
        """;

    /// <summary>Writes the project into <paramref name="folder"/> with <paramref name="source"/> as its C# file; returns the project file.</summary>
    public static string Write(string folder, string scratch, string source = GreetingsDag, string packageId = "Humanizer.Core", string? packageSource = null)
    {
        Directory.CreateDirectory(folder);
        var feed = Path.Combine(scratch, "feed");
        Directory.CreateDirectory(feed);
        var nupkg = $"humanizer.core.{HumanizerVersion}.nupkg";
        File.Copy(Path.Combine(PackageCache, "humanizer.core", HumanizerVersion, nupkg), Path.Combine(feed, nupkg), overwrite: true);

        var project = Path.Combine(folder, "Greetings.csproj");
        File.WriteAllText(project, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <Reference Include="DataEngineer.Sdk" HintPath="{typeof(Dag).Assembly.Location}" Private="false" />
                <PackageReference Include="{packageId}" Version="{HumanizerVersion}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(folder, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{Path.Combine(scratch, "packages")}" />
              </config>
              <packageSources>
                <clear />
                <add key="dags" value="{packageSource ?? feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(folder, "GreetingsDag.cs"), source);
        return project;
    }

    private static string PackageCache => Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } cache
        ? cache
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
}
