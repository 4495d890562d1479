using System.Text.Json;
using DataEngineer.Core.Storage;
using Npgsql;

namespace DataEngineer.Postgres.Metadata;

public sealed partial class PostgresMetadataStore
{
    // A version first recorded without its source (before migration 0009) gets it once; one with source keeps its own.
    private const string InsertVersionWithCode = """
        INSERT INTO {schema}.dag_versions AS v (dag_id, version, structure, first_seen_at, code)
        VALUES (@dag_id, @version, @structure, @first_seen_at, @code)
        ON CONFLICT (dag_id, version) DO UPDATE SET code = excluded.code WHERE v.code IS NULL
        """;

    private const string SelectVersionCode = "SELECT code::text FROM {schema}.dag_versions WHERE dag_id = @dag_id AND version = @version";

    private const string UpdateTryTrace = """
        UPDATE {schema}.task_tries SET trace_id = @trace_id, span_id = @span_id
        WHERE dag_id = @dag_id AND run_id = @run_id AND task_id = @task_id AND try_number = @try_number
        """;

    private const string SelectTryTraces = """
        SELECT try_number, trace_id, span_id FROM {schema}.task_tries
        WHERE dag_id = @dag_id AND run_id = @run_id AND task_id = @task_id AND trace_id IS NOT NULL
        """;

    public async Task RecordVersionWithCodeAsync(DagStructure structure, DagCode code, DateTimeOffset seenAt, CancellationToken ct = default)
    {
        await using var command = Command(InsertVersionWithCode);
        command.Parameters.AddText("dag_id", structure.DagId);
        command.Parameters.AddText("version", structure.Version);
        command.Parameters.AddJson("structure", JsonSerializer.Serialize(structure, StructureJson));
        command.Parameters.AddTimestamp("first_seen_at", seenAt);
        command.Parameters.AddJson("code", JsonSerializer.Serialize(code, StructureJson));
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<DagCode?> GetVersionCodeAsync(string dagId, string version, CancellationToken ct = default)
    {
        await using var command = Command(SelectVersionCode);
        command.Parameters.AddText("dag_id", dagId);
        command.Parameters.AddText("version", version);
        return await command.ExecuteScalarAsync(ct) is string json ? JsonSerializer.Deserialize<DagCode>(json, StructureJson) : null;
    }

    public Task RecordTryTraceAsync(TaskTryKey key, TryTrace trace, CancellationToken ct = default) => ExecuteAsync(TraceUpdate(key, trace), ct);

    private NpgsqlBatchCommand TraceUpdate(TaskTryKey key, TryTrace trace)
    {
        var command = TryCommand(UpdateTryTrace, key);
        command.Parameters.AddText("trace_id", trace.TraceId);
        command.Parameters.AddText("span_id", trace.SpanId);
        return command;
    }

    public async Task<IReadOnlyDictionary<int, TryTrace>> ListTryTracesAsync(RunKey run, string taskId, CancellationToken ct = default)
    {
        await using var command = Command(SelectTryTraces);
        command.Parameters.AddText("dag_id", run.DagId);
        command.Parameters.AddText("run_id", run.RunId);
        command.Parameters.AddText("task_id", taskId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var traces = new Dictionary<int, TryTrace>();
        while (await reader.ReadAsync(ct))
        {
            traces[reader.GetInt32(0)] = new TryTrace(reader.GetString(1), reader.GetString(2));
        }

        return traces;
    }
}
