using DataEngineer.Postgres.Metadata;

namespace DataEngineer.Execution.Hosting;

/// <summary>
/// Where one library's schema in the metadata database stands against this binary: Hangfire's storage or Quartz's job
/// store, which <c>db migrate</c> installs and upgrades beside the metadata migrations.
/// </summary>
/// <param name="Library"><c>Hangfire</c> or <c>Quartz</c>.</param>
/// <param name="Schema">The PostgreSQL schema holding its tables.</param>
/// <param name="State">Applied (current), Pending (missing or older: <c>db migrate</c> installs it) or Unknown (newer than this binary).</param>
/// <param name="Detail">What was found, as a predicate for people: <c>is at version 23</c>, <c>is missing 3 of 11 tables</c>.</param>
public sealed record JobStoreSchema(string Library, string Schema, SchemaMigrationState State, string Detail)
{
    /// <summary>How people name it: <c>Hangfire's schema dataengineer_hangfire</c>.</summary>
    public string Label => $"{Library}'s schema {Schema}";
}
