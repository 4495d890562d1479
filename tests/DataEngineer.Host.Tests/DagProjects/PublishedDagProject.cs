using DataEngineer.Host.Tests.Deployment;
using Xunit;

namespace DataEngineer.Host.Tests.DagProjects;

/// <summary>The DAG project of <see cref="DagProjectFiles"/> published once with <c>dotnet publish</c>, as an image build would.</summary>
public sealed class PublishedDagProject : IAsyncLifetime
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("dataengineer-dag-publish-").FullName;

    public string Published => Path.Combine(Folder, "out");

    public string Assembly => Path.Combine(Published, "Greetings.dll");

    public async Task InitializeAsync()
    {
        var project = DagProjectFiles.Write(Path.Combine(Folder, "greetings"), Folder);
        var publish = await PackedPackages.RunAsync("dotnet", Folder, "publish", project, "-c", "Release", "-o", Published, "--disable-build-servers", "-nodeReuse:false");
        Assert.True(publish.ExitCode == 0, $"dotnet publish of the DAG project failed:\n{publish.Out}\n{publish.Error}");
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Folder, recursive: true);
        return Task.CompletedTask;
    }
}
