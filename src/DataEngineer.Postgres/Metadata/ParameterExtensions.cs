using Npgsql;
using NpgsqlTypes;

namespace DataEngineer.Postgres.Metadata;

/// <summary>
/// Typed parameters. Nulls and arrays carry an explicit type so PostgreSQL need not infer one, and timestamps go
/// out in UTC because Npgsql refuses a timestamptz with any other offset.
/// </summary>
internal static class ParameterExtensions
{
    public static void AddValue<T>(this NpgsqlParameterCollection parameters, string name, T value) =>
        parameters.Add(new NpgsqlParameter<T>(name, value));

    public static void AddText(this NpgsqlParameterCollection parameters, string name, string? value) =>
        parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value });

    public static void AddJson(this NpgsqlParameterCollection parameters, string name, string json) =>
        parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Jsonb) { Value = json });

    public static void AddTimestamp(this NpgsqlParameterCollection parameters, string name, DateTimeOffset? value) =>
        parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.TimestampTz) { Value = (object?)value?.ToUniversalTime() ?? DBNull.Value });

    public static void AddTexts(this NpgsqlParameterCollection parameters, string name, IEnumerable<string?> values) =>
        parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values.ToArray() });

    public static void AddTimestamps(this NpgsqlParameterCollection parameters, string name, IEnumerable<DateTimeOffset?> values) =>
        parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = values.Select(v => v?.ToUniversalTime()).ToArray() });
}
