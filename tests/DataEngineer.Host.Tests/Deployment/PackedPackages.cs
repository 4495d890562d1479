using System.Diagnostics;
using System.IO.Compression;
using System.Xml.Linq;
using DataEngineer.Testing;
using Xunit;

namespace DataEngineer.Host.Tests.Deployment;

/// <summary>
/// The Sdk, Sdk.Postgres and tool packages packed once from the build the tests ran against (no rebuild), into a
/// temporary folder used as a local package source.
/// </summary>
public sealed class PackedPackages : IAsyncLifetime
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private static readonly string[] Projects = ["src/DataEngineer.Sdk", "src/DataEngineer.Sdk.Postgres", "src/DataEngineer.Host"];

    public string Folder { get; } = Directory.CreateTempSubdirectory("dataengineer-pack-").FullName;

    public string Packages => Path.Combine(Folder, "packages");

    public async Task InitializeAsync()
    {
        foreach (var project in Projects)
        {
            var pack = await RunAsync("dotnet", RepositoryPaths.Root, "pack", Path.Combine(RepositoryPaths.Root, project), "-c", Configuration, "--no-build", "-o", Packages);
            Assert.True(pack.ExitCode == 0, $"dotnet pack {project} failed:\n{pack.Out}\n{pack.Error}");
        }
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Folder, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>The .nupkg of <paramref name="id"/> (not the one of a longer id that starts with it).</summary>
    public string PackagePath(string id) =>
        Directory.GetFiles(Packages, $"{id}.*.nupkg").Single(p => char.IsDigit(Path.GetFileName(p)[id.Length + 1]));

    /// <summary>The metadata element of the package's nuspec.</summary>
    public XElement Nuspec(string id)
    {
        using var archive = ZipFile.OpenRead(PackagePath(id));
        var entry = archive.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var stream = entry.Open();
        return XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
    }

    /// <summary>Runs a command to its end (at most five minutes) and returns what it printed.</summary>
    public static Task<CliResult> RunAsync(string file, string workingDirectory, params string[] args) =>
        RunAsync(file, workingDirectory, new Dictionary<string, string>(), args);

    /// <summary>As <see cref="RunAsync(string, string, string[])"/>, with extra environment variables.</summary>
    public static async Task<CliResult> RunAsync(string file, string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(limit.Token);
        return new CliResult(process.ExitCode, await output, await error);
    }
}
