using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using Npgsql;
using NpgsqlTypes;

namespace DataEngineer.Postgres.Metadata;

public sealed partial class PostgresMetadataStore
{
    // One statement: the runs that conflict with none the DAG has, then the task instances of those runs only.
    private const string InsertRuns = """
        WITH created AS (
            INSERT INTO {schema}.dag_runs (
                dag_id, run_id, run_type, data_interval_start, data_interval_end, conf, state, dag_version, created_at, started_at, ended_at)
            SELECT * FROM unnest(
                @dag_id, @run_id, @run_type, @data_interval_start, @data_interval_end, @conf, @state, @dag_version, @created_at, @started_at, @ended_at)
            ON CONFLICT DO NOTHING
            RETURNING dag_id, run_id
        ), tasks AS (
            INSERT INTO {schema}.task_instances (
                dag_id, run_id, task_id, state, try_number, max_tries, queue, pool, priority_weight,
                started_at, ended_at, next_try_at, queued_at, heartbeat_at, hostname, error, rows_read, rows_written, rows_rejected)
            SELECT u.*
            FROM unnest(
                @ti_dag_id, @ti_run_id, @task_id, @ti_state, @try_number, @max_tries, @queue, @pool, @priority_weight,
                @ti_started_at, @ti_ended_at, @next_try_at, @queued_at, @heartbeat_at, @hostname, @error, @rows_read, @rows_written, @rows_rejected)
                AS u (dag_id, run_id, task_id, state, try_number, max_tries, queue, pool, priority_weight,
                      started_at, ended_at, next_try_at, queued_at, heartbeat_at, hostname, error, rows_read, rows_written, rows_rejected)
            JOIN created c ON c.dag_id = u.dag_id AND c.run_id = u.run_id
        )
        SELECT dag_id, run_id FROM created
        """;

    public async Task<IReadOnlyList<DagRun>> CreateRunsAsync(IReadOnlyList<(DagRun Run, IReadOnlyList<TaskInstance> Tasks)> runs, CancellationToken ct = default)
    {
        NewRuns.CheckNotStarted(runs);
        if (runs.Count == 0)
        {
            return [];
        }

        await using var command = Command(InsertRuns);
        var p = command.Parameters;
        var list = runs.Select(r => r.Run).ToList();
        p.AddTexts("dag_id", list.Select(r => r.DagId));
        p.AddTexts("run_id", list.Select(r => r.RunId));
        p.AddTexts("run_type", list.Select(r => StateNames.Of(r.Type)));
        p.AddTimestamps("data_interval_start", list.Select(r => (DateTimeOffset?)r.DataInterval.Start));
        p.AddTimestamps("data_interval_end", list.Select(r => (DateTimeOffset?)r.DataInterval.End));
        p.Add(new NpgsqlParameter("conf", NpgsqlDbType.Array | NpgsqlDbType.Jsonb) { Value = list.Select(r => r.ConfJson).ToArray() });
        p.AddTexts("state", list.Select(r => StateNames.Of(r.State)));
        p.AddTexts("dag_version", list.Select(r => r.DagVersion));
        p.AddTimestamps("created_at", list.Select(r => (DateTimeOffset?)r.CreatedAt));
        p.AddTimestamps("started_at", list.Select(r => r.StartedAt));
        p.AddTimestamps("ended_at", list.Select(r => r.EndedAt));

        var tasks = runs.SelectMany(r => r.Tasks).ToList();
        p.AddTexts("ti_dag_id", tasks.Select(t => t.DagId));
        p.AddTexts("ti_run_id", tasks.Select(t => t.RunId));
        p.AddTexts("task_id", tasks.Select(t => t.TaskId));
        p.AddTexts("ti_state", tasks.Select(t => StateNames.Of(t.State)));
        p.AddValue("try_number", tasks.Select(t => t.TryNumber).ToArray());
        p.AddValue("max_tries", tasks.Select(t => t.MaxTries).ToArray());
        p.AddTexts("queue", tasks.Select(t => t.Queue));
        p.AddTexts("pool", tasks.Select(t => t.Pool));
        p.AddValue("priority_weight", tasks.Select(t => t.PriorityWeight).ToArray());
        p.AddTimestamps("ti_started_at", tasks.Select(t => t.StartedAt));
        p.AddTimestamps("ti_ended_at", tasks.Select(t => t.EndedAt));
        p.AddTimestamps("next_try_at", tasks.Select(t => t.NextTryAt));
        p.AddTimestamps("queued_at", tasks.Select(t => t.QueuedAt));
        p.AddTimestamps("heartbeat_at", tasks.Select(t => t.HeartbeatAt));
        p.AddTexts("hostname", tasks.Select(t => t.Hostname));
        p.AddTexts("error", tasks.Select(t => t.Error));
        p.AddValue("rows_read", tasks.Select(t => t.RowsRead).ToArray());
        p.AddValue("rows_written", tasks.Select(t => t.RowsWritten).ToArray());
        p.AddValue("rows_rejected", tasks.Select(t => t.RowsRejected).ToArray());

        var created = new HashSet<RunKey>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                created.Add(new RunKey(reader.GetString(0), reader.GetString(1)));
            }
        }

        return list.Where(r => created.Contains(r.Key)).ToList();
    }
}
