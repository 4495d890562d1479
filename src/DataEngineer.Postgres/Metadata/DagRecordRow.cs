using DataEngineer.Core.Storage;
using Npgsql;

namespace DataEngineer.Postgres.Metadata;

/// <summary>How a <see cref="DagRecord"/> maps to a dags row (aliased <c>d</c>).</summary>
internal static class DagRecordRow
{
    public const string Columns = "d.dag_id, d.version, d.schedule, d.time_zone, d.description, d.owner, d.tags, d.is_paused, d.last_seen_at, d.is_active";

    /// <summary>How many columns <see cref="Columns"/> selects: where the next table's columns start in a joined row.</summary>
    public const int ColumnCount = 10;

    public static DagRecord Read(NpgsqlDataReader reader) => new()
    {
        DagId = reader.GetString(0),
        Version = reader.GetString(1),
        Schedule = reader.GetNullableString(2),
        TimeZone = reader.GetString(3),
        Description = reader.GetNullableString(4),
        Owner = reader.GetNullableString(5),
        Tags = reader.GetFieldValue<string[]>(6),
        IsPaused = reader.GetBoolean(7),
        LastSeenAt = reader.GetTimestamp(8),
        IsActive = reader.GetBoolean(9),
    };
}
