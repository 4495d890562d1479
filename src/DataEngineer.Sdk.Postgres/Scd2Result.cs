namespace DataEngineer.Sdk.Postgres;

/// <summary>What an SCD2 load did.</summary>
/// <param name="Staged">Rows given.</param>
/// <param name="NewKeys">Keys seen for the first time: a first version each.</param>
/// <param name="Changed">Keys whose tracked columns changed: the current version closed, a new one opened.</param>
/// <param name="Corrected">Keys whose current version this same interval had opened, updated in place (a re-run with corrected data).</param>
/// <param name="Unchanged">Keys whose version valid at the interval already matched: nothing written.</param>
public sealed record Scd2Result(long Staged, long NewKeys, long Changed, long Corrected, long Unchanged);
