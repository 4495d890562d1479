using DataEngineer.Core.Storage;
using DataEngineer.Core.Validation;

namespace DataEngineer.Core.Operations;

/// <summary>
/// Reading pools with their slot use, and resizing them, for the CLI (and any other front end): viewers read, admins
/// resize (a pool caps what a shared resource sees), every change audited with the old and new size.
/// </summary>
public sealed class PoolOperations(IPoolStore pools, IRunQueries queries, IAuditLog audit, TimeProvider time)
{
    /// <summary>Most slots one pool may have.</summary>
    public const int MaxSlots = 100_000;

    public async Task<IReadOnlyList<PoolUsage>> ListAsync(Actor actor, CancellationToken ct)
    {
        DagOperations.Require(actor, Role.Viewer, "read pools");
        return await queries.ListPoolUsageAsync(ct);
    }

    /// <summary>Creates the pool or changes its slots; tries already queued or running keep their slots.</summary>
    /// <exception cref="OperationException">The name or the number of slots is not valid (400).</exception>
    public async Task<Pool> SetAsync(Actor actor, string name, int slots, CancellationToken ct)
    {
        DagOperations.Require(actor, Role.Admin, "resize pools");
        if (!Identifiers.IsValidId(name))
        {
            throw new OperationException($"The pool name '{name}' is not valid: use {Identifiers.IdRule}.");
        }

        if (slots is < 0 or > MaxSlots)
        {
            throw new OperationException($"Pool '{name}' cannot have {slots} slots: give a number from 0 (nothing runs in it) to {MaxSlots}.");
        }

        var before = (await pools.ListPoolsAsync(ct)).FirstOrDefault(p => p.Name == name);
        var pool = new Pool(name, slots);
        await pools.SetPoolAsync(pool, ct);
        await audit.AppendAuditAsync(new AuditEntry(time.GetUtcNow(), actor.Name, "pool.set", name, $"slots={slots} was={before?.Slots.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}"), ct);
        return pool;
    }
}
