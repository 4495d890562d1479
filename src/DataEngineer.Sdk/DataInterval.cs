namespace DataEngineer.Sdk;

/// <summary>
/// The half-open time range <c>[Start, End)</c> a DAG run processes. A scheduled run is created
/// when its interval ends and its logical date is <see cref="Start"/> (Airflow 2 semantics).
/// </summary>
/// <param name="Start">Inclusive start, in UTC.</param>
/// <param name="End">Exclusive end, in UTC.</param>
public readonly record struct DataInterval(DateTimeOffset Start, DateTimeOffset End)
{
    /// <summary>Whether <paramref name="instant"/> lies in <c>[Start, End)</c>.</summary>
    public bool Contains(DateTimeOffset instant) => instant >= Start && instant < End;

    /// <inheritdoc />
    public override string ToString() => $"[{Start:yyyy-MM-ddTHH:mm:ssZ}, {End:yyyy-MM-ddTHH:mm:ssZ})";
}
