namespace DataEngineer.Bench.Scenarios;

/// <summary>
/// One run of a scaling shape: how many tasks it has and finished, how long from trigger to the run's end (or to the
/// limit), the metadata database's transactions and this process's database commands in that time, and the
/// process's peak resident memory while it ran.
/// </summary>
public sealed record ScalingResult(string Shape, int Tasks, int Succeeded, bool Finished, TimeSpan Elapsed, long Transactions, long Commands, double PeakRssMb)
{
    public double TasksPerSecond => Succeeded / Elapsed.TotalSeconds;

    public TimeSpan PerTask => Succeeded == 0 ? TimeSpan.Zero : Elapsed / Succeeded;

    public double TransactionsPerTask => Succeeded == 0 ? 0 : (double)Transactions / Succeeded;

    public double CommandsPerTask => Succeeded == 0 ? 0 : (double)Commands / Succeeded;
}
