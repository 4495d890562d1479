using DataEngineer.Core.Loading;

namespace DataEngineer.Execution.Loading;

/// <summary>What compiling a unit gave: the assembly image and which file declares each type, or the compiler's errors.</summary>
internal sealed record DagCompilation(byte[]? Image, IReadOnlyDictionary<string, string> TypeFiles, IReadOnlyList<DagImportError> Errors)
{
    public static DagCompilation Failed(IReadOnlyList<DagImportError> errors) => new(null, new Dictionary<string, string>(), errors);
}
