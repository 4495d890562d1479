namespace DataEngineer.Testing;

/// <summary>Paths in the repository the tests run from (found by walking up to DataEngineer.sln).</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The example DAGs folder, as the host loads it by default.</summary>
    public static string DagsFolder => Path.Combine(Root, "dags");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "DataEngineer.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No DataEngineer.sln above {AppContext.BaseDirectory}.");
    }
}
