using Npgsql;

namespace DataEngineer.Postgres.Metadata;

/// <summary>Reading nullable columns; timestamptz comes back as a DateTimeOffset with offset 0.</summary>
internal static class DataReaderExtensions
{
    public static DateTimeOffset GetTimestamp(this NpgsqlDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    public static DateTimeOffset? GetNullableTimestamp(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);

    public static string? GetNullableString(this NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
