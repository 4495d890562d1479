namespace DataEngineer.Execution.Loading;

/// <summary>
/// Where one reload of a DAGs folder spent its time: reading the folder (<see cref="Scan"/>), compiling or loading
/// the changed units' assemblies (<see cref="Assemblies"/>), running their DAG classes' constructors and <c>Define</c>
/// and validating the graphs (<see cref="Classes"/>), and publishing the new catalog (<see cref="Publish"/>).
/// </summary>
public sealed record DagReloadTimes(TimeSpan Scan, TimeSpan Assemblies, TimeSpan Classes, TimeSpan Publish)
{
    public static DagReloadTimes None { get; } = new(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);
}
