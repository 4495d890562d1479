using System.Runtime.CompilerServices;
using DataEngineer.Core.Loading;
using DataEngineer.Execution.Loading;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace DataEngineer.Integration.Tests.Loading;

/// <summary>
/// A registry's first load (a cold start compiling every file, or a restart loading them from the compiled-unit
/// cache) loads all units together, into one context that stays loaded; a file changed afterwards is live at the next
/// reload, in a context of its own that is unloaded when the file changes again.
/// </summary>
public sealed class DagStartupLoadTests : IDisposable
{
    private const int Files = 24;
    private readonly DagFiles _files = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly string _cache;
    private int _generation;

    public DagStartupLoadTests()
    {
        _cache = Path.Combine(_files.Folder, ".cache");
        for (var i = 0; i < Files; i++)
        {
            _files.Write($"dag_{i:00}.cs", DagFiles.Dag($"Dag{i}", $"dag_{i:00}", ["extract", "load"], marker: "v1"));
        }
    }

    private DagFolderRegistry Registry() =>
        new(new DagFolderOptions { Folder = _files.Folder, CacheFolder = _cache, RetiredGrace = TimeSpan.Zero }, DagCatalog.Empty, _time);

    [Fact]
    public void ColdStart_LoadsEveryFile_EachNamedByItsFile()
    {
        var registry = Registry();
        Assert.True(registry.Reload());

        Assert.Empty(registry.Errors);
        Assert.Equal(Files, registry.Dags.Count);
        Assert.All(Enumerable.Range(0, Files), i => Assert.Equal($"dag_{i:00}.cs", registry.Sources[$"dag_{i:00}"]));
        Assert.Equal(Files, registry.LoadedUnits);
    }

    [Fact]
    public void WarmStart_LoadsEveryFileFromTheCacheWithoutCompiling_WithTheSameVersions()
    {
        var cold = Registry();
        cold.Reload();
        var written = Directory.GetFiles(_cache).ToDictionary(f => f, File.GetLastWriteTimeUtc);

        var warm = Registry();
        Assert.True(warm.Reload());

        Assert.Empty(warm.Errors);
        Assert.Equal(cold.Dags.Select(d => (d.DagId, d.Version)).Order(), warm.Dags.Select(d => (d.DagId, d.Version)).Order());
        // A compiled unit is written to the cache; a unit read from it is not written again.
        Assert.Equal(written, Directory.GetFiles(_cache).ToDictionary(f => f, File.GetLastWriteTimeUtc));
    }

    [Fact]
    public void WarmStart_ThenAChangedFile_IsLiveAtTheNextReload_AndTheOthersStayAsTheyWere()
    {
        Registry().Reload();
        var registry = Registry();
        registry.Reload();
        var before = registry.Dags.ToDictionary(d => d.DagId);

        _files.Write("dag_05.cs", DagFiles.Dag("Dag5", "dag_05", ["extract", "transform", "load"], marker: "v2"));
        Assert.True(registry.Reload());

        Assert.Equal(["extract", "transform", "load"], registry.Find("dag_05")!.TopologicalOrder.Select(t => t.Id));
        Assert.NotEqual(before["dag_05"].Version, registry.Find("dag_05")!.Version);
        Assert.All(before.Values.Where(g => g.DagId != "dag_05"), g => Assert.Same(g, registry.Find(g.DagId)));
        Assert.Empty(registry.Errors);
    }

    [Fact]
    public void StartupCode_StaysLoaded_WhileTheVersionsThatReplacedItAreUnloadedInTurn()
    {
        var registry = Registry();
        registry.Reload();
        var untouched = VersionOf(registry, "dag_23");

        // The startup versions are released (no longer found) but their code is not unloaded.
        Assert.Empty(ReplaceAll(registry, Files));
        Assert.Equal(Files, registry.LoadedUnits);
        Assert.NotEqual(untouched, VersionOf(registry, "dag_23"));
        Assert.Null(registry.Find("dag_23", untouched));

        // The versions loaded after a change each had a context of their own: replaced, they are unloaded and collected.
        var released = ReplaceAll(registry, Files);
        Assert.Equal(Files, released.Count);
        Assert.Equal(0, AliveAfterCollection(released));
        Assert.Equal(Files, registry.LoadedUnits);
    }

    [Fact]
    public void ADuplicateDagIdAcrossFiles_OnAColdStart_LoadsNeitherAndNamesBoth()
    {
        _files.Write("copy.cs", DagFiles.Dag("Copy", "dag_03", ["a"]));
        var registry = Registry();
        registry.Reload();

        Assert.Null(registry.Find("dag_03"));
        Assert.Equal(["copy.cs", "dag_03.cs"], registry.Errors.Where(e => e.DagId == "dag_03").Select(e => e.Source).Order());
        Assert.Equal(Files - 1, registry.Dags.Count);
    }

    // Changes the code of the first `count` files, reloads, and releases what no run uses.
    private List<WeakReference> ReplaceAll(DagFolderRegistry registry, int count)
    {
        _generation++;
        for (var i = 0; i < count; i++)
        {
            _files.Write($"dag_{i:00}.cs", DagFiles.Dag($"Dag{i}", $"dag_{i:00}", ["extract", "load"], marker: $"v{_generation + 1}"));
        }

        registry.Reload();
        _time.Advance(TimeSpan.FromMinutes(1));
        return [.. registry.Release(new HashSet<(string, string)>())];
    }

    // In a frame of its own: a graph read in the test method could stay referenced from its stack until it returns.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string VersionOf(DagFolderRegistry registry, string dagId) => registry.Find(dagId)!.Version;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int AliveAfterCollection(List<WeakReference> references)
    {
        for (var i = 0; i < 10 && references.Any(w => w.IsAlive); i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        return references.Count(w => w.IsAlive);
    }

    public void Dispose() => _files.Dispose();
}
