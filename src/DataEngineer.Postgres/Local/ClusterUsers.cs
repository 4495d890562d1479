using System.Diagnostics;

namespace DataEngineer.Postgres.Local;

/// <summary>
/// The processes using a managed cluster: each one that started or attached to it holds a shared lock (flock) on
/// <c>&lt;data directory&gt;.users</c> while it runs. The process that started the server stops it only when it can take
/// that lock alone, that is when no one else is attached; it then holds it while the server stops, so no one attaches
/// to a server on its way down. The kernel drops a dead process's lock, so a crash never leaves the cluster "in use".
/// </summary>
internal sealed class ClusterUsers : IDisposable
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(100);
    private readonly string _path;
    private FileStream? _lock;

    private ClusterUsers(string path) => _path = path;

    public static string PathFor(string dataDirectory) => dataDirectory + ".users";

    /// <summary>Joins the users of the cluster, waiting (up to <paramref name="timeout"/>) while its last user stops it.</summary>
    public static async Task<ClusterUsers> JoinAsync(string dataDirectory, TimeSpan timeout, CancellationToken ct)
    {
        var users = new ClusterUsers(PathFor(dataDirectory));
        Directory.CreateDirectory(Path.GetDirectoryName(users._path)!);
        var elapsed = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                // FileShare other than None takes a shared flock on Unix.
                users._lock = new FileStream(users._path, FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite);
                return users;
            }
            catch (IOException) when (elapsed.Elapsed < timeout)
            {
                await Task.Delay(RetryInterval, ct);
            }
            catch (IOException e)
            {
                throw new LocalPostgresException(
                    $"The managed PostgreSQL with data in {dataDirectory} was being stopped by another process for more than {timeout.TotalSeconds:0} s ({e.Message}). Start again in a moment.");
            }
        }
    }

    /// <summary>
    /// Leaves; true when no one else uses the cluster, and then holds it alone until <see cref="Dispose"/> so that no
    /// one joins while the server stops.
    /// </summary>
    public bool LeaveAsLast()
    {
        _lock?.Dispose();
        try
        {
            // FileShare.None takes an exclusive flock, refused while another process holds its shared one.
            _lock = new FileStream(_path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            return true;
        }
        catch (IOException)
        {
            _lock = null;
            return false;
        }
    }

    public void Dispose() => _lock?.Dispose();
}
