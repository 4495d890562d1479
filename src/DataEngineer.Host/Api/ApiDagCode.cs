using DataEngineer.Core.Storage;

namespace DataEngineer.Host.Api;

/// <summary>
/// The source of one DAG version: its files (the one declaring the DAG first), or none with the reason
/// (a DAG from a compiled assembly, or a version recorded before sources were kept).
/// </summary>
internal sealed record ApiDagCode(string DagId, string Version, string? Source, bool HasSource, string? Note, IReadOnlyList<ApiDagCodeFile> Files)
{
    public static ApiDagCode Of(string dagId, string version, string? source, DagCode? code, string? note) => new(
        dagId, version, source, code is not null, note, code?.Files.Select(f => new ApiDagCodeFile(f.Path, f.Text)).ToList() ?? []);
}
