namespace DataEngineer.Postgres.Metadata;

/// <summary>One migration as <c>db check-migrations</c> lists it: <c>0005_ui</c>, its state and when it was applied.</summary>
public sealed record SchemaMigrationEntry(int Version, string Name, SchemaMigrationState State, DateTimeOffset? AppliedAt)
{
    /// <summary>The migration's file name without <c>.sql</c>, as people name it.</summary>
    public string Label => $"{Version:D4}_{Name}";
}
