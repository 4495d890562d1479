using Npgsql;

namespace DataEngineer.Postgres.Metadata;

/// <summary>
/// Where the metadata schema stands against the migrations embedded in this binary, read without changing anything
/// (no DDL): what every process checks at start, and what <c>db check-migrations</c> prints.
/// </summary>
public sealed class SchemaStatus
{
    // to_jsonb(m) rather than the column: a history table written by a binary from before checksums has no such column.
    private const string SelectApplied = "SELECT version, name, applied_at, to_jsonb(m) ->> 'checksum' FROM {schema}.schema_migrations m";

    private const string HistoryExists = "SELECT to_regclass(@table) IS NOT NULL";

    private SchemaStatus(IReadOnlyList<SchemaMigrationEntry> entries) => Entries = entries;

    /// <summary>Every migration this binary has or the database applied, oldest first.</summary>
    public IReadOnlyList<SchemaMigrationEntry> Entries { get; }

    /// <summary>Whether this binary may use the schema as it is: nothing pending, unknown or changed.</summary>
    public bool IsCurrent => Entries.All(e => e.State == SchemaMigrationState.Applied);

    /// <summary>The migrations in the given state, oldest first.</summary>
    public IReadOnlyList<SchemaMigrationEntry> InState(SchemaMigrationState state) => Entries.Where(e => e.State == state).ToList();

    /// <summary>Reads the applied migrations of <paramref name="schema"/>; a schema that does not exist has every migration pending.</summary>
    /// <exception cref="ArgumentException"><paramref name="schema"/> is not a valid schema name.</exception>
    public static async Task<SchemaStatus> ReadAsync(NpgsqlDataSource dataSource, string schema = PostgresMetadataStoreOptions.DefaultSchema, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var quoted = SchemaName.Quote(schema);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return Compare(await ReadAppliedAsync(connection, quoted, ct));
    }

    /// <summary>Throws unless <see cref="IsCurrent"/>, with a message naming the database (<paramref name="where"/>) and the fix.</summary>
    /// <exception cref="SchemaVersionException">Migrations are pending, unknown to this binary, or changed since applied.</exception>
    public void EnsureCurrent(string where)
    {
        if (Problem(where) is { } problem)
        {
            throw new SchemaVersionException(problem);
        }
    }

    /// <summary>What is wrong with the schema for this binary, most serious first, or null when it is current.</summary>
    public string? Problem(string where)
    {
        var unknown = InState(SchemaMigrationState.Unknown);
        if (unknown.Count > 0)
        {
            return $"This binary is older than the metadata schema in {where}: the schema has {Names(unknown)}, which this version of "
                + "dataengineer does not know. Upgrade dataengineer to the version that applied it (or newer); an older binary must "
                + "not run against a newer schema.";
        }

        var changed = InState(SchemaMigrationState.Changed);
        if (changed.Count > 0)
        {
            return $"Applied {Names(changed)} in {where} differ from the file of the same version in this binary (the SHA-256 recorded "
                + "when it was applied no longer matches): an applied migration was edited. Restore the original file and put the "
                + "change in a new migration.";
        }

        var pending = InState(SchemaMigrationState.Pending);
        if (pending.Count == 0)
        {
            return null;
        }

        var state = pending.Count == Entries.Count ? "has not been created yet" : $"is older than this binary ({Names(pending)} pending)";
        return $"The metadata schema in {where} {state}. Run 'dataengineer db migrate' with this version first "
            + "('dataengineer db check-migrations' lists what it would apply).";
    }

    internal static async Task<List<(int Version, string Name, DateTimeOffset AppliedAt, string? Checksum)>> ReadAppliedAsync(NpgsqlConnection connection, string quoted, CancellationToken ct)
    {
        var applied = new List<(int, string, DateTimeOffset, string?)>();
        await using (var exists = new NpgsqlCommand(HistoryExists, connection))
        {
            exists.Parameters.AddWithValue("table", $"{quoted}.schema_migrations");
            if (!(bool)(await exists.ExecuteScalarAsync(ct))!)
            {
                return applied;
            }
        }

        await using var command = new NpgsqlCommand(SchemaName.Substitute(SelectApplied, quoted), connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            applied.Add((reader.GetInt32(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
        }

        return applied;
    }

    internal static SchemaStatus Compare(IReadOnlyList<(int Version, string Name, DateTimeOffset AppliedAt, string? Checksum)> applied)
    {
        var embedded = Migration.Embedded.ToDictionary(m => m.Version);
        var entries = applied.Select(a => new SchemaMigrationEntry(a.Version, a.Name, StateOf(a.Version, a.Checksum, embedded), a.AppliedAt))
            .Concat(Migration.Embedded.Where(m => applied.All(a => a.Version != m.Version)).Select(m => new SchemaMigrationEntry(m.Version, m.Name, SchemaMigrationState.Pending, null)))
            .OrderBy(e => e.Version)
            .ToList();
        return new SchemaStatus(entries);
    }

    private static SchemaMigrationState StateOf(int version, string? checksum, Dictionary<int, Migration> embedded) =>
        !embedded.TryGetValue(version, out var migration) ? SchemaMigrationState.Unknown
        // No checksum: applied by a binary from before checksums; the next db migrate records the file's.
        : checksum is null || checksum == migration.Checksum ? SchemaMigrationState.Applied
        : SchemaMigrationState.Changed;

    private static string Names(IReadOnlyList<SchemaMigrationEntry> entries) =>
        (entries.Count == 1 ? "migration " : "migrations ") + string.Join(", ", entries.Select(e => e.Label));
}
