using DataEngineer.Core.Loading;
using DataEngineer.Execution.Loading;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace DataEngineer.Integration.Tests.Loading;

/// <summary>The DAGs folder compiled with Roslyn: hot reload, import errors, versions kept for runs in flight, unloading.</summary>
public sealed class DagFolderRegistryTests : IDisposable
{
    private readonly DagFiles _files = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    private DagFolderRegistry Registry(string? cache = null) =>
        new(new DagFolderOptions { Folder = _files.Folder, CacheFolder = cache, RetiredGrace = TimeSpan.FromSeconds(30) }, DagCatalog.Empty, _time);

    [Fact]
    public void AddChangeDelete_AreLiveAfterAReload()
    {
        var registry = Registry();
        Assert.False(registry.Reload());
        Assert.Empty(registry.Dags);

        _files.Write("hello.cs", DagFiles.Dag("Hello", "hello", ["a", "b"]));
        Assert.True(registry.Reload());
        var first = registry.Find("hello")!;
        Assert.Equal(["a", "b"], first.TopologicalOrder.Select(t => t.Id));
        Assert.Equal("hello.cs", registry.Sources["hello"]);

        _files.Write("hello.cs", DagFiles.Dag("Hello", "hello", ["a", "b", "c"], schedule: "@hourly"));
        Assert.True(registry.Reload());
        var second = registry.Find("hello")!;
        Assert.Equal(["a", "b", "c"], second.TopologicalOrder.Select(t => t.Id));
        Assert.Equal("@hourly", second.Options.Schedule);
        Assert.NotEqual(first.Version, second.Version);

        _files.Delete("hello.cs");
        Assert.True(registry.Reload());
        Assert.Null(registry.Find("hello"));
        Assert.Empty(registry.Errors);
    }

    [Fact]
    public void UnchangedFiles_AreNotCompiledAgain()
    {
        _files.Write("one.cs", DagFiles.Dag("One", "one", ["a"]));
        _files.Write("two.cs", DagFiles.Dag("Two", "two", ["a"]));
        var registry = Registry();
        registry.Reload();
        var one = registry.Find("one")!;

        _files.Write("two.cs", DagFiles.Dag("Two", "two", ["a", "b"]));
        Assert.True(registry.Reload());
        Assert.False(registry.Reload());

        Assert.Same(one, registry.Find("one"));
        Assert.Equal(2, registry.Find("two")!.Tasks.Count);
    }

    [Fact]
    public void ACodeOnlyChange_IsANewVersion()
    {
        _files.Write("hello.cs", DagFiles.Dag("Hello", "hello", ["a"], marker: "first"));
        var registry = Registry();
        registry.Reload();
        var first = registry.Find("hello")!.Version;

        _files.Write("hello.cs", DagFiles.Dag("Hello", "hello", ["a"], marker: "second"));
        registry.Reload();

        Assert.NotEqual(first, registry.Find("hello")!.Version);
    }

    [Fact]
    public void TheSameFiles_GiveTheSameVersionInAnotherRegistry()
    {
        _files.Write("hello.cs", DagFiles.Dag("Hello", "hello", ["a", "b"]));
        var one = Registry();
        var two = Registry();
        one.Reload();
        two.Reload();

        Assert.Equal(one.Find("hello")!.Version, two.Find("hello")!.Version);
    }

    [Fact]
    public void ACompileError_IsAnImportErrorWithFileAndLine_AndTheOtherDagsKeepRunning()
    {
        _files.Write("good.cs", DagFiles.Dag("Good", "good", ["a"]));
        _files.Write("broken.cs", "using DataEngineer.Sdk;\n\npublic sealed class Broken : Dag\n{\n    this is not C#\n}\n");
        var registry = Registry();
        registry.Reload();

        Assert.NotNull(registry.Find("good"));
        Assert.All(registry.Errors, e => Assert.Equal("broken.cs", e.Source));
        var error = registry.Errors[0];
        Assert.NotNull(error.Line);
        Assert.InRange(error.Line!.Value, 3, 6);
        Assert.StartsWith("CS", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ABrokenEdit_KeepsTheLastGoodVersion_UntilTheFileIsFixed()
    {
        _files.Write("hello.cs", DagFiles.Dag("Hello", "hello", ["a", "b"]));
        var registry = Registry();
        registry.Reload();
        var good = registry.Find("hello")!;

        _files.Write("hello.cs", DagFiles.Dag("Hello", "hello", ["a", "b"]).Replace("dag.Chain(", "dag.Chain(undefinedSymbol, ", StringComparison.Ordinal));
        Assert.True(registry.Reload());
        Assert.Same(good, registry.Find("hello"));
        var error = Assert.Single(registry.Errors);
        Assert.Equal("hello.cs", error.Source);
        Assert.Contains("undefinedSymbol", error.Message, StringComparison.Ordinal);
        Assert.Contains($"The last good version of 'hello' ({good.Version}) keeps its schedule until the file is fixed or removed.", error.Message, StringComparison.Ordinal);

        _files.Write("hello.cs", DagFiles.Dag("Hello", "hello", ["a", "b", "c"]));
        Assert.True(registry.Reload());
        Assert.Empty(registry.Errors);
        Assert.Equal(3, registry.Find("hello")!.Tasks.Count);
    }

    [Fact]
    public void ACycle_IsAnImportErrorNamingTheFile_AndTheLastGoodVersionStays()
    {
        _files.Write("hello.cs", DagFiles.Dag("Hello", "hello", ["a", "b"]));
        var registry = Registry();
        registry.Reload();
        var good = registry.Find("hello")!;

        _files.Write("hello.cs", """
            using DataEngineer.Sdk;

            public sealed class Hello() : Dag("hello", new DagOptions { Schedule = "@daily", StartDate = new DateTime(2024, 1, 1) })
            {
                protected override void Define(DagBuilder dag)
                {
                    var a = dag.Task("a", ctx => { });
                    var b = dag.Task("b", ctx => { });
                    dag.Chain(a, b, a);
                }
            }
            """);
        registry.Reload();

        var error = Assert.Single(registry.Errors);
        Assert.Equal("hello.cs", error.Source);
        Assert.Equal("hello", error.DagId);
        Assert.Contains("cycle", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Same(good, registry.Find("hello"));
    }

    [Fact]
    public void ADuplicateDagIdAcrossFiles_LoadsNeither_AndNamesBothFiles()
    {
        _files.Write("first.cs", DagFiles.Dag("First", "same_id", ["a"]));
        _files.Write("second.cs", DagFiles.Dag("Second", "same_id", ["a"]));
        var registry = Registry();
        registry.Reload();

        Assert.Null(registry.Find("same_id"));
        Assert.Equal(2, registry.Errors.Count);
        Assert.All(registry.Errors, e => Assert.Contains("first.cs and second.cs", e.Message, StringComparison.Ordinal));
        Assert.Equal(["first.cs", "second.cs"], registry.Errors.Select(e => e.Source).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AConstructorThatThrows_IsAnImportError()
    {
        _files.Write("throws.cs", """
            using DataEngineer.Sdk;

            public sealed class Throws : Dag
            {
                public Throws() : base("throws", new DagOptions { Schedule = "@daily", StartDate = new DateTime(2024, 1, 1) })
                    => throw new InvalidOperationException("no config file");

                protected override void Define(DagBuilder dag) => dag.Task("a", ctx => { });
            }
            """);
        var registry = Registry();
        registry.Reload();

        var error = Assert.Single(registry.Errors);
        Assert.Equal("throws.cs", error.Source);
        Assert.Contains("InvalidOperationException: no config file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ASubfolder_IsOneUnit_WhoseFilesShareTypes()
    {
        _files.Write("shop/Settings.cs", "namespace Shop;\n\npublic static class Settings { public const string Id = \"shop\"; }\n");
        _files.Write("shop/ShopDag.cs", """
            using DataEngineer.Sdk;

            namespace Shop;

            public sealed class ShopDag() : Dag(Settings.Id, new DagOptions { Schedule = "@daily", StartDate = new DateTime(2024, 1, 1) })
            {
                protected override void Define(DagBuilder dag) => dag.Task("a", ctx => { });
            }
            """);
        _files.Write("shop/bin/Ignored.cs", "this is build output and never compiled");
        var registry = Registry();
        registry.Reload();

        Assert.Empty(registry.Errors);
        Assert.Equal("shop/ShopDag.cs", registry.Sources["shop"]);
    }

    [Fact]
    public void AReplacedVersion_StaysWhileARunUsesIt_ThenIsUnloaded()
    {
        _files.Write("hello.cs", DagFiles.Dag("Hello", "hello", ["a", "b"]));
        var registry = Registry();
        registry.Reload();
        var old = registry.Find("hello")!.Version;
        _files.Write("hello.cs", DagFiles.Dag("Hello", "hello", ["a", "c"]));
        registry.Reload();

        Assert.Equal(["a", "b"], registry.Find("hello", old)!.TopologicalOrder.Select(t => t.Id));
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Empty(registry.Release(new HashSet<(string, string)> { ("hello", old) }));
        Assert.NotNull(registry.Find("hello", old));

        Assert.Single(registry.Release(new HashSet<(string, string)>()));
        Assert.Null(registry.Find("hello", old));
        Assert.Equal(["a", "c"], registry.Find("hello")!.TopologicalOrder.Select(t => t.Id));
    }

    [Fact]
    public void AReplacedVersion_IsKeptForTheGracePeriod_EvenWithoutRuns()
    {
        _files.Write("hello.cs", DagFiles.Dag("Hello", "hello", ["a"], marker: "1"));
        var registry = Registry();
        registry.Reload();
        var old = registry.Find("hello")!.Version;
        _files.Write("hello.cs", DagFiles.Dag("Hello", "hello", ["a"], marker: "2"));
        registry.Reload();

        Assert.Empty(registry.Release(new HashSet<(string, string)>()));
        Assert.NotNull(registry.Find("hello", old));
    }

    [Fact]
    public void TwoHundredReloadsOfOneFile_DoNotKeepOldCodeLoaded()
    {
        var registry = Registry();
        var unloaded = new List<WeakReference>();
        for (var i = 0; i < 200; i++)
        {
            _files.Write("hello.cs", DagFiles.Dag("Hello", "hello", ["a", "b"], marker: $"reload {i}"));
            registry.Reload();
            _time.Advance(TimeSpan.FromMinutes(1));
            unloaded.AddRange(registry.Release(new HashSet<(string, string)>()));
        }

        Assert.Equal(199, unloaded.Count);
        Assert.Equal(1, registry.LoadedUnits);
        for (var i = 0; i < 10 && unloaded.Any(w => w.IsAlive); i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        // A context is collected once nothing references its code: none of the replaced ones may survive.
        Assert.Equal(0, unloaded.Count(w => w.IsAlive));
    }

    [Fact]
    public void TheDiskCache_LoadsUnchangedFilesWithoutCompiling_AndGivesTheSameVersions()
    {
        var cache = Path.Combine(_files.Folder, ".cache");
        _files.Write("hello.cs", DagFiles.Dag("Hello", "hello", ["a", "b"]));
        var first = Registry(cache);
        first.Reload();

        Assert.Equal(2, Directory.GetFiles(cache).Length);
        var second = Registry(cache);
        second.Reload();
        Assert.Equal(first.Find("hello")!.Version, second.Find("hello")!.Version);
    }

    [Fact]
    public void ACacheFolderThatCannotBeWritten_OnlyMeansCompilingAgain()
    {
        var notAFolder = Path.Combine(_files.Folder, ".cache-is-a-file");
        File.WriteAllText(notAFolder, "not a directory");
        _files.Write("hello.cs", DagFiles.Dag("Hello", "hello", ["a", "b"]));

        var registry = Registry(notAFolder);
        registry.Reload();

        Assert.Empty(registry.Errors);
        Assert.Equal(2, registry.Find("hello")!.Tasks.Count);
        Assert.Equal("not a directory", File.ReadAllText(notAFolder));
    }

    [Fact]
    public void AMissingFolder_IsAnImportErrorThatSaysHowToFixIt()
    {
        var registry = new DagFolderRegistry(new DagFolderOptions { Folder = Path.Combine(_files.Folder, "nope") }, DagCatalog.Empty, _time);
        registry.Reload();

        var error = Assert.Single(registry.Errors);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains("DataEngineer:DagsFolder", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _files.Dispose();
}
