using DataEngineer.Core.Storage;
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

    /// <summary>
    /// Task instances as three parallel arrays, <c>dag_ids</c>, <c>run_ids</c> and <c>task_ids</c>, for a statement
    /// that joins to <c>unnest(@dag_ids, @run_ids, @task_ids)</c> (see <see cref="PostgresMetadataStore"/>'s
    /// RunTasksByKey).
    /// </summary>
    public static void AddRunTasks(this NpgsqlParameterCollection parameters, IReadOnlyCollection<(RunKey Run, string TaskId)> tasks)
    {
        parameters.AddTexts("dag_ids", tasks.Select(t => t.Run.DagId));
        parameters.AddTexts("run_ids", tasks.Select(t => t.Run.RunId));
        parameters.AddTexts("task_ids", tasks.Select(t => t.TaskId));
    }

    /// <summary>Task instances of one run, as <see cref="AddRunTasks(NpgsqlParameterCollection, IReadOnlyCollection{ValueTuple{RunKey, string}})"/>.</summary>
    public static void AddRunTasks(this NpgsqlParameterCollection parameters, RunKey key, IReadOnlyCollection<string> taskIds) =>
        parameters.AddRunTasks(taskIds.Select(id => (key, id)).ToList());

    public static void AddTimestamps(this NpgsqlParameterCollection parameters, string name, IEnumerable<DateTimeOffset?> values) =>
        parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = values.Select(v => v?.ToUniversalTime()).ToArray() });
}
