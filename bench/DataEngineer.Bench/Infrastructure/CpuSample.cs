namespace DataEngineer.Bench.Infrastructure;

/// <summary>Cumulative CPU times at one instant (see <see cref="CpuMeter"/>); <see cref="Since"/> turns two into an interval.</summary>
public sealed record CpuSample(TimeSpan Bench, TimeSpan Postgres, TimeSpan MachineBusy, TimeSpan MachineTotal, double LoadAverage)
{
    /// <summary>The CPU spent between <paramref name="start"/> and this sample; the load average is this sample's.</summary>
    public CpuSample Since(CpuSample start) => new(
        Bench - start.Bench, Postgres - start.Postgres, MachineBusy - start.MachineBusy, MachineTotal - start.MachineTotal, LoadAverage);

    /// <summary>Busy CPU that neither this benchmark (with its child worker) nor its PostgreSQL spent: other work on the machine.</summary>
    public TimeSpan Others => MachineBusy - Bench - Postgres;
}
