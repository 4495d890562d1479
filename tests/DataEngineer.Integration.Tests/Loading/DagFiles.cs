namespace DataEngineer.Integration.Tests.Loading;

/// <summary>A throwaway DAGs folder and the C# sources tests write into it.</summary>
internal sealed class DagFiles : IDisposable
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("dataengineer-dags-").FullName;

    /// <summary>A DAG class with a chain of tasks; <paramref name="marker"/> changes the code without changing the shape.</summary>
    public static string Dag(string className, string dagId, string[] tasks, string schedule = "@daily", string marker = "") => $$"""
        using DataEngineer.Sdk;

        namespace Generated;

        public sealed class {{className}}() : Dag("{{dagId}}", new DagOptions { Schedule = "{{schedule}}", StartDate = new DateTime(2024, 1, 1) })
        {
            protected override void Define(DagBuilder dag)
            {
                // {{marker}}
                dag.Chain({{string.Join(", ", tasks.Select(t => $"dag.Task(\"{t}\", ctx => Console.WriteLine(\"{t} {marker}\"))"))}});
            }
        }
        """;

    public string Write(string relativePath, string source)
    {
        var path = Path.Combine(Folder, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, source);

        // Same-size rewrites within one timestamp tick must still look changed to the scanner.
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddTicks(Random.Shared.Next(1, 1000)));
        return path;
    }

    public void Delete(string relativePath) => File.Delete(Path.Combine(Folder, relativePath));

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
