namespace DataEngineer.Core.Storage;

/// <summary>A pool's slots and how many of them queued and running tries hold now.</summary>
public sealed record PoolUsage(string Name, int Slots, int Queued, int Running)
{
    public int Used => Queued + Running;
}
