using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;

namespace DataEngineer.Postgres.Local;

/// <summary>The files of one managed cluster: its data directory, the superuser password beside it, its log.</summary>
internal sealed class ClusterDirectory
{
    public const string SuperUser = "postgres";

    // sun_path holds 108 bytes on Linux, 104 on macOS; the server appends "/.s.PGSQL.<port>".
    private const int MaxSocketDirectoryBytes = 104 - 16;

    // pg_ctl hands paths to /bin/sh in double quotes, and we quote the socket directory in single quotes.
    private static readonly char[] ShellSensitive = ['"', '\'', '`', '$', '\\'];

    public ClusterDirectory(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        DataDirectory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataDirectory));
        if (DataDirectory.IndexOfAny(ShellSensitive) >= 0 || DataDirectory.Any(char.IsControl))
        {
            throw new ArgumentException(
                $"The PostgreSQL data directory '{DataDirectory}' contains a quote, '$', '\\' or control character, which pg_ctl cannot pass to its shell; choose another path.",
                nameof(dataDirectory));
        }

        if (Encoding.UTF8.GetByteCount(SocketDirectory) > MaxSocketDirectoryBytes)
        {
            throw new ArgumentException(
                $"The PostgreSQL data directory '{DataDirectory}' is too long to hold the server's Unix socket (at most {MaxSocketDirectoryBytes} bytes); choose a shorter path.",
                nameof(dataDirectory));
        }

        PasswordFile = DataDirectory + ".password";
        LogFile = Path.Combine(DataDirectory, "server.log");
    }

    public string DataDirectory { get; }

    /// <summary>The superuser password, mode 0600, beside (not inside) the data directory so initdb finds that empty.</summary>
    public string PasswordFile { get; }

    public string LogFile { get; }

    // The data directory is already private to the server user, so the socket needs no directory of its own.
    public string SocketDirectory => DataDirectory;

    public bool HasCluster => File.Exists(Path.Combine(DataDirectory, "PG_VERSION"));

    public string ReadPassword()
    {
        var password = File.Exists(PasswordFile) ? File.ReadAllText(PasswordFile).Trim() : "";
        if (password.Length == 0)
        {
            throw new LocalPostgresException(
                $"The PostgreSQL cluster in {DataDirectory} has no superuser password in {PasswordFile}, so DataEngineer cannot log in to it. "
                + "Restore that file, or move the data directory away to let DataEngineer create a new cluster.");
        }

        return password;
    }

    /// <summary>Runs initdb on an empty or missing data directory and returns the generated superuser password.</summary>
    public async Task<string> InitializeAsync(string binDirectory, bool skipSync, ILogger logger)
    {
        logger.LogInformation("Initializing a PostgreSQL cluster in {DataDirectory}", DataDirectory);
        Directory.CreateDirectory(Path.GetDirectoryName(DataDirectory)!);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(DataDirectory);
        }
        else
        {
            Directory.CreateDirectory(DataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var password = NewPassword();
        WritePrivateFile(PasswordFile, password + "\n");
        await ServerUser.TakeOwnershipAsync([DataDirectory, PasswordFile]);
        if (ServerUser.IsRoot)
        {
            await EnsureServerUserCanReachAsync();
        }

        string[] arguments =
        [
            "-D", DataDirectory,
            "-U", SuperUser,
            "--encoding=UTF8",
            "--locale=C",
            "--auth=scram-sha-256",
            "--pwfile=" + PasswordFile,
            "--no-instructions",
            .. skipSync ? (string[])["--no-sync"] : [],
        ];
        var result = await ServerUser.RunAsync(PostgresBinaries.ProgramPath(binDirectory, "initdb"), arguments);
        if (!result.Succeeded)
        {
            throw new LocalPostgresException($"initdb could not create a PostgreSQL cluster in {DataDirectory}:{Environment.NewLine}{result.Output}");
        }

        return password;
    }

    /// <summary>The 0600 file beside the data directory holding the password of <paramref name="role"/>.</summary>
    public string RolePasswordFile(string role) => $"{DataDirectory}.{role}.password";

    /// <summary>
    /// The password of a login role DataEngineer manages on this cluster, generated into <see cref="RolePasswordFile"/>
    /// on first use (by whichever process gets there first) and read from there afterwards.
    /// </summary>
    public string ReadOrCreateRolePassword(string role)
    {
        var path = RolePasswordFile(role);
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            var password = NewPassword();
            using (var writer = new StreamWriter(path, Encoding.ASCII, options))
            {
                writer.Write(password + "\n");
            }

            return password;
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process made it first: wait for its content rather than read a half-written file.
            for (var attempt = 0; attempt < 50; attempt++)
            {
                var password = File.ReadAllText(path).Trim();
                if (password.Length == RolePasswordLength)
                {
                    return password;
                }

                Thread.Sleep(20);
            }

            throw new LocalPostgresException(
                $"The password file {path} of the PostgreSQL role '{role}' is empty or damaged. Delete it: DataEngineer makes a new password on the next start.");
        }
    }

    private const int RolePasswordLength = 32;

    private static string NewPassword() =>
        RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", RolePasswordLength);

    private static void WritePrivateFile(string path, string content)
    {
        // Never widen an old file's permissions onto the new secret: start from a file created 0600.
        File.Delete(path);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var writer = new StreamWriter(path, Encoding.ASCII, options);
        writer.Write(content);
    }

    private async Task EnsureServerUserCanReachAsync()
    {
        var result = await ServerUser.RunAsync("test", ["-w", DataDirectory, "-a", "-r", PasswordFile]);
        if (result.Succeeded)
        {
            return;
        }

        var closed = ClosedAncestor();
        var because = closed is null ? "" : $" because {closed} is not searchable by other users";
        throw new LocalPostgresException(
            $"As root, DataEngineer runs PostgreSQL as the '{ServerUser.RootServerUser}' OS user, which cannot reach {DataDirectory}{because}. "
            + $"Choose a data directory that user can reach, such as {LocalPostgresDefaults.DataDirectory()}, or make every parent directory searchable (chmod o+x).");
    }

    private string? ClosedAncestor()
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        string? closed = null;
        for (var dir = Path.GetDirectoryName(DataDirectory); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            // Keep the outermost: that is the one to fix first.
            if (Directory.Exists(dir) && (File.GetUnixFileMode(dir) & UnixFileMode.OtherExecute) == 0)
            {
                closed = dir;
            }
        }

        return closed;
    }
}
