using DataEngineer.Core.Loading;
using DataEngineer.Core.Storage;
using DataEngineer.Execution.Loading;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace DataEngineer.Integration.Tests.Loading;

/// <summary>The source text the DAGs folder registry gives for each version it compiled, for the UI's code view.</summary>
public sealed class DagFolderCodeTests : IDisposable
{
    private readonly DagFiles _files = new();

    private DagFolderRegistry Registry() =>
        new(new DagFolderOptions { Folder = _files.Folder, CacheFolder = null, RetiredGrace = TimeSpan.FromSeconds(30) }, DagCatalog.Empty, new FakeTimeProvider(DateTimeOffset.UtcNow));

    [Fact]
    public void EachVersion_GivesTheTextItWasCompiledFrom_TheReplacedOneToo()
    {
        var first = "\uFEFF" + DagFiles.Dag("Hello", "hello", ["a"], marker: "first");
        _files.Write("hello.cs", first);
        var registry = Registry();
        registry.Reload();
        var v1 = registry.Find("hello")!.Version;

        var second = DagFiles.Dag("Hello", "hello", ["a"], marker: "second");
        _files.Write("hello.cs", second);
        registry.Reload();
        var v2 = registry.Find("hello")!.Version;

        Assert.Equal([new DagCodeFile("hello.cs", first.TrimStart('\uFEFF'))], registry.CodeOf("hello", v1)!.Files);
        Assert.Equal([new DagCodeFile("hello.cs", second)], registry.CodeOf("hello", v2)!.Files);
        Assert.Null(registry.CodeOf("hello", "nosuchversion"));
        Assert.Null(registry.CodeOf("nosuchdag", v2));
    }

    [Fact]
    public void AFolderUnit_GivesEveryFile_TheOneDeclaringTheDagFirst()
    {
        _files.Write("sales/Helpers.cs", "namespace Sales;\n\npublic static class Helpers { public const int Days = 7; }\n");
        _files.Write("sales/SalesDag.cs", DagFiles.Dag("SalesDag", "sales", ["a"]));
        var registry = Registry();
        registry.Reload();

        var code = registry.CodeOf("sales", registry.Find("sales")!.Version)!;

        Assert.Equal(["sales/SalesDag.cs", "sales/Helpers.cs"], code.Files.Select(f => f.Path));
        Assert.Contains("public static class Helpers", code.Files[1].Text, StringComparison.Ordinal);
    }

    public void Dispose() => _files.Dispose();
}
