namespace DataEngineer.Dags.OrdersEtl;

/// <summary>Faults the source generator injects into one interval's orders, so each data quality detection can be seen working.</summary>
/// <param name="NewStatus">A third of the placed orders get the unknown status <c>on_hold</c>.</param>
/// <param name="VolumeDrop">40% of the orders are deleted from the source.</param>
/// <param name="LateDay">The orders' updates are moved one day later, into the next interval.</param>
public sealed record SourceFaults(bool NewStatus, bool VolumeDrop, bool LateDay)
{
    /// <summary>No faults.</summary>
    public static SourceFaults None { get; } = new(false, false, false);

    /// <summary>The faults asked for in the run conf.</summary>
    public static SourceFaults Of(OrdersEtlParams p) => new(p.InjectNewStatus, p.InjectVolumeDrop, p.InjectLateDay);
}
