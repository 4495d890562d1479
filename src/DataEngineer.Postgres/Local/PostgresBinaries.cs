namespace DataEngineer.Postgres.Local;

/// <summary>Locates the PostgreSQL server programs (initdb, pg_ctl, postgres) on this machine.</summary>
public static class PostgresBinaries
{
    private const string DebianInstallRoot = "/usr/lib/postgresql";

    private static readonly string[] ServerPrograms = ["initdb", "pg_ctl", "postgres"];

    /// <summary>
    /// The directory holding initdb, pg_ctl and postgres: <paramref name="configuredDirectory"/> when given,
    /// else the first such directory on PATH, else the highest version under /usr/lib/postgresql/*/bin;
    /// null when there is none.
    /// </summary>
    public static string? Find(string? configuredDirectory)
    {
        // A wrong explicit setting must surface as an error, not be papered over by another installation.
        var found = string.IsNullOrWhiteSpace(configuredDirectory)
            ? FindOnPath() ?? FindHighestDebianVersion()
            : HoldsServerPrograms(configuredDirectory) ? configuredDirectory : null;
        return found is null ? null : Path.TrimEndingDirectorySeparator(Path.GetFullPath(found));
    }

    internal static string ProgramPath(string binDirectory, string program) =>
        Path.Combine(binDirectory, OperatingSystem.IsWindows() ? program + ".exe" : program);

    private static string? FindOnPath()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(Path.IsPathRooted)
            .FirstOrDefault(HoldsServerPrograms);
    }

    private static string? FindHighestDebianVersion()
    {
        if (!Directory.Exists(DebianInstallRoot))
        {
            return null;
        }

        return Directory.EnumerateDirectories(DebianInstallRoot)
            .Select(dir => (Version: ParseVersion(Path.GetFileName(dir)), Bin: Path.Combine(dir, "bin")))
            .Where(candidate => candidate.Version is not null && HoldsServerPrograms(candidate.Bin))
            .OrderByDescending(candidate => candidate.Version)
            .Select(candidate => candidate.Bin)
            .FirstOrDefault();
    }

    // Debian names the directories "15" or, before PostgreSQL 10, "9.6".
    private static Version? ParseVersion(string name) =>
        Version.TryParse(name.Contains('.') ? name : name + ".0", out var version) ? version : null;

    private static bool HoldsServerPrograms(string directory) =>
        ServerPrograms.All(program => IsExecutable(ProgramPath(directory, program)));

    private static bool IsExecutable(string file)
    {
        if (!File.Exists(file))
        {
            return false;
        }

        if (OperatingSystem.IsWindows())
        {
            return true;
        }

        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return (File.GetUnixFileMode(file) & anyExecute) != 0;
    }
}
