namespace DataEngineer.Execution.Loading;

/// <summary>
/// What is compiled together: a C# file at the top of the DAGs folder, or a top-level subfolder with
/// every C# file beneath it (so one DAG can be split into files that share types). A subfolder with a
/// project file (<see cref="IsProject"/>) is built with the .NET SDK instead, so it can use NuGet packages;
/// its files then include the project, NuGet and MSBuild files. The hash covers the compiler and every
/// file's path and bytes: equal hashes compile to the same assembly.
/// </summary>
internal sealed record DagSourceUnit(string Name, IReadOnlyList<DagSourceFile> Files, string Hash, bool IsProject = false);
