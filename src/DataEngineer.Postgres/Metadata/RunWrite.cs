using DataEngineer.Core.Storage;

namespace DataEngineer.Postgres.Metadata;

/// <summary>
/// One decision's part of a transaction's write: the run it changes, what was read of it under the transaction's locks,
/// and the changes. A group of steps writes several, of different runs or of disjoint parts of one run.
/// </summary>
internal sealed record RunWrite(RunKey Key, RunSnapshot Before, RunChanges Changes);
