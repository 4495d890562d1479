using DataEngineer.Core.Storage;

namespace DataEngineer.Host.Api;

/// <summary>A pool's slots and how many queued and running tries hold them, in the health answer.</summary>
internal sealed record ApiPoolUsage(string Name, int Slots, int Queued, int Running, int Free)
{
    public static ApiPoolUsage Of(PoolUsage pool) => new(pool.Name, pool.Slots, pool.Queued, pool.Running, Math.Max(0, pool.Slots - pool.Used));
}
