using System.Text;
using DataEngineer.Core.Loading;
using DataEngineer.Sdk;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.CodeAnalysis.Text;

namespace DataEngineer.Execution.Loading;

/// <summary>
/// Compiles DAG source files with Roslyn, in process, against the compile surface a DAG project has in an
/// editor (<see cref="DagCompileSurface"/>: the .NET reference assemblies, the Sdk packages and an explicit
/// allow-list), never the host's private dependencies. The image embeds its portable PDB, so a task's
/// stack trace shows the DAG's own file and line. Compilation is deterministic, so the same files give
/// the same assembly (and so the same DAG versions) in every process.
/// </summary>
internal static class DagCompiler
{
    private const int MaxErrorsPerUnit = 20;

    // The implicit usings of an SDK-style project, so a file that builds in a dags project builds here too.
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly CSharpCompilationOptions CompilationOptions = new(
        OutputKind.DynamicallyLinkedLibrary,
        optimizationLevel: OptimizationLevel.Release,
        nullableContextOptions: NullableContextOptions.Enable,
        deterministic: true,
        concurrentBuild: false);

    private static readonly EmitOptions EmitOptions = new(debugInformationFormat: DebugInformationFormat.Embedded);

    private static readonly Lazy<IReadOnlyList<MetadataReference>> References =
        new(() => DagCompileSurface.Assemblies.Select(path => (MetadataReference)MetadataReference.CreateFromFile(path)).ToList());

    /// <summary>What, besides the files, decides the compiled output: the compiler, the Sdk build, the runtime and the compile surface.</summary>
    public static string Fingerprint { get; } =
        $"{typeof(CSharpCompilation).Assembly.GetName().Version}|{typeof(Dag).Module.ModuleVersionId}|{Environment.Version}|{DagCompileSurface.Version}";

    /// <summary>
    /// Compiles a tiny unit and throws it away, so the compiler's own code is JIT-compiled before the
    /// first real change (which is then live in well under a second instead of several).
    /// </summary>
    public static void WarmUp() =>
        Compile(new DagSourceUnit("warm-up", [new DagSourceFile("WarmUp.cs", "", "public static class WarmUp { public static int Value => 1; }"u8.ToArray())], "warmup"));

    public static DagCompilation Compile(DagSourceUnit unit)
    {
        var unreadable = unit.Files.Select(DagSourceCheck.Check).OfType<DagImportError>().ToList();
        if (unreadable.Count > 0)
        {
            return DagCompilation.Failed(unreadable);
        }

        var trees = unit.Files
            .Select(f => CSharpSyntaxTree.ParseText(SourceText.From(f.Content, f.Content.Length, Encoding.UTF8, canBeEmbedded: true), ParseOptions, f.RelativePath))
            .Append(CSharpSyntaxTree.ParseText(SourceText.From(ImplicitUsings, Encoding.UTF8), ParseOptions, "ImplicitUsings.g.cs"))
            .ToList();
        IReadOnlyList<MetadataReference> references;
        try
        {
            references = References.Value;
        }
        catch (DirectoryNotFoundException e)
        {
            // A host installed without its reference assemblies: every unit says why, the host keeps running.
            return DagCompilation.Failed([new DagImportError(unit.Name, null, e.Message)]);
        }

        var compilation = CSharpCompilation.Create($"dags_{unit.Hash}", trees, references, CompilationOptions);
        using var image = new MemoryStream();
        EmitResult result;
        try
        {
            result = Emit(compilation, image);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The compiler itself failed (not the code): this unit is an import error, every other unit keeps loading.
            return DagCompilation.Failed([new DagImportError(unit.Name, null,
                $"the C# compiler failed on this unit ({e.GetType().Name}: {e.Message}); the other DAGs are unaffected, and it is compiled again when a file of it changes or the process restarts")]);
        }

        if (!result.Success)
        {
            return DagCompilation.Failed(result.Diagnostics
                .Where(d => d.Severity == DiagnosticSeverity.Error)
                .Take(MaxErrorsPerUnit)
                .Select(d => ToImportError(d, unit))
                .ToList());
        }

        return new DagCompilation(image.ToArray(), TypeFiles(compilation.Assembly.GlobalNamespace), []);
    }

    // Roslyn's emit was seen to fail once, in the benchmark's cold load of 1,000 units on two threads, with a
    // NullReferenceException inside its metadata writer (Cci.MetadataWriter.GetConsolidatedTypeParameters; other
    // projects report the same frame). It is emitted once more before the unit becomes an import error.
    private static EmitResult Emit(CSharpCompilation compilation, MemoryStream image)
    {
        try
        {
            return compilation.Emit(image, options: EmitOptions);
        }
        catch (NullReferenceException)
        {
            image.SetLength(0);
            return compilation.Emit(image, options: EmitOptions);
        }
    }

    private static DagImportError ToImportError(Diagnostic diagnostic, DagSourceUnit unit)
    {
        var span = diagnostic.Location.GetLineSpan();
        var file = diagnostic.Location.IsInSource ? span.Path : unit.Name;
        return new DagImportError(file, null, $"{diagnostic.Id}: {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}{DagCompileSurface.Explain(diagnostic)}",
            diagnostic.Location.IsInSource ? span.StartLinePosition.Line + 1 : null);
    }

    // Type.FullName -> the file declaring it, so an error in a DAG class names its file.
    private static Dictionary<string, string> TypeFiles(INamespaceSymbol root)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        var pending = new Stack<INamespaceOrTypeSymbol>([root]);
        while (pending.TryPop(out var symbol))
        {
            foreach (var member in symbol.GetMembers().OfType<INamespaceOrTypeSymbol>())
            {
                pending.Push(member);
            }

            if (symbol is INamedTypeSymbol type && type.Locations.FirstOrDefault(l => l.IsInSource)?.SourceTree?.FilePath is { } path)
            {
                files[MetadataName(type)] = path;
            }
        }

        return files;
    }

    private static string MetadataName(INamedTypeSymbol type) => type.ContainingType is { } outer
        ? $"{MetadataName(outer)}+{type.MetadataName}"
        : type.ContainingNamespace.IsGlobalNamespace ? type.MetadataName : $"{type.ContainingNamespace.ToDisplayString()}.{type.MetadataName}";
}
