namespace DataEngineer.Sdk;

/// <summary>
/// The rows a task try read, wrote and rejected. Recorded with the try and shown per run, so
/// on-call staff see the data, not only the exit code. Thread-safe.
/// </summary>
public sealed class RowCounts
{
    private long _read;
    private long _written;
    private long _rejected;

    /// <summary>Rows read from sources.</summary>
    public long Read => Interlocked.Read(ref _read);

    /// <summary>Rows written to targets.</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Rows refused (bad data): counted, not written.</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>Adds to the rows read.</summary>
    public void AddRead(long rows) => Interlocked.Add(ref _read, NonNegative(rows));

    /// <summary>Adds to the rows written.</summary>
    public void AddWritten(long rows) => Interlocked.Add(ref _written, NonNegative(rows));

    /// <summary>Adds to the rows rejected.</summary>
    public void AddRejected(long rows) => Interlocked.Add(ref _rejected, NonNegative(rows));

    private static long NonNegative(long rows) =>
        rows >= 0 ? rows : throw new ArgumentOutOfRangeException(nameof(rows), rows, "A row count cannot be negative.");
}
