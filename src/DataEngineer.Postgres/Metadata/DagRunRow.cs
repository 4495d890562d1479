using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using DataEngineer.Sdk;
using Npgsql;

namespace DataEngineer.Postgres.Metadata;

/// <summary>How a <see cref="DagRun"/> maps to a dag_runs row (aliased <c>r</c>).</summary>
internal static class DagRunRow
{
    public const string Columns =
        "r.dag_id, r.run_id, r.run_type, r.data_interval_start, r.data_interval_end, r.conf, r.state, r.dag_version, r.created_at, r.started_at, r.ended_at";

    public const int ColumnCount = 11;

    /// <summary>Sets every column but the key from the parameters <see cref="AddFields"/> adds.</summary>
    public const string SetFields = """
        run_type = @run_type, data_interval_start = @data_interval_start, data_interval_end = @data_interval_end, conf = @conf,
        state = @state, dag_version = @dag_version, created_at = @created_at, started_at = @started_at, ended_at = @ended_at
        """;

    public static DagRun Read(NpgsqlDataReader reader, int first = 0) => new()
    {
        DagId = reader.GetString(first),
        RunId = reader.GetString(first + 1),
        Type = StateNames.ParseRunType(reader.GetString(first + 2)),
        DataInterval = new DataInterval(reader.GetTimestamp(first + 3), reader.GetTimestamp(first + 4)),
        ConfJson = reader.GetString(first + 5),
        State = StateNames.ParseRunState(reader.GetString(first + 6)),
        DagVersion = reader.GetString(first + 7),
        CreatedAt = reader.GetTimestamp(first + 8),
        StartedAt = reader.GetNullableTimestamp(first + 9),
        EndedAt = reader.GetNullableTimestamp(first + 10),
    };

    /// <summary>Parameters for every column but the key (dag_id, run_id), which the caller adds.</summary>
    public static void AddFields(NpgsqlParameterCollection parameters, DagRun run)
    {
        parameters.AddText("run_type", StateNames.Of(run.Type));
        parameters.AddTimestamp("data_interval_start", run.DataInterval.Start);
        parameters.AddTimestamp("data_interval_end", run.DataInterval.End);
        parameters.AddJson("conf", run.ConfJson);
        parameters.AddText("state", StateNames.Of(run.State));
        parameters.AddText("dag_version", run.DagVersion);
        parameters.AddTimestamp("created_at", run.CreatedAt);
        parameters.AddTimestamp("started_at", run.StartedAt);
        parameters.AddTimestamp("ended_at", run.EndedAt);
    }
}
