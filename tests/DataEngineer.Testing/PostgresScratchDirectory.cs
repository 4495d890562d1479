namespace DataEngineer.Testing;

/// <summary>
/// A fresh temporary directory for a PostgreSQL data directory, reachable for the postgres OS user that runs the
/// server when tests run as root; deleted on dispose.
/// </summary>
public sealed class PostgresScratchDirectory : IDisposable
{
    /// <summary>Creates the directory under the system temp path.</summary>
    public PostgresScratchDirectory()
    {
        Path = Directory.CreateTempSubdirectory("dataengineer-pg-").FullName;
        if (!OperatingSystem.IsWindows())
        {
            // CreateTempSubdirectory makes it 0700, which the postgres OS user could not enter.
            File.SetUnixFileMode(
                Path,
                UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
                | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
    }

    /// <summary>The directory itself.</summary>
    public string Path { get; }

    /// <summary>Where a cluster's data directory goes (not created yet).</summary>
    public string DataDirectory => System.IO.Path.Combine(Path, "data");

    /// <summary>Deletes the directory; stop any server using it first.</summary>
    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
