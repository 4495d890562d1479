using DataEngineer.Core.Storage;
using Npgsql;

namespace DataEngineer.Postgres.Metadata;

public sealed partial class PostgresMetadataStore
{
    // Failed runs with no later success of their DAG: the partial index on failed runs, then one probe per run.
    private const string SelectFailedRuns = $$"""
        SELECT {{DagRunRow.Columns}} FROM {schema}.dag_runs r
        WHERE r.state = 'failed' AND coalesce(r.ended_at, r.created_at) >= @since
            AND NOT EXISTS (SELECT 1 FROM {schema}.dag_runs s WHERE s.dag_id = r.dag_id AND s.state = 'success' AND s.data_interval_start > r.data_interval_start)
        ORDER BY coalesce(r.ended_at, r.created_at) DESC, r.dag_id LIMIT @limit
        """;

    private const string SelectStuckRuns = $$"""
        SELECT * FROM (
            SELECT {{DagRunRow.Columns}}, true AS nothing_in_flight FROM {schema}.dag_runs r
            WHERE r.state = 'running' AND NOT EXISTS (SELECT 1 FROM {schema}.task_instances ti
                WHERE ti.dag_id = r.dag_id AND ti.run_id = r.run_id AND ti.state IN ('scheduled', 'queued', 'running', 'up_for_retry', 'up_for_reschedule', 'awaiting_input'))
            UNION ALL
            SELECT {{DagRunRow.Columns}}, false FROM {schema}.dag_runs r WHERE r.state = 'queued' AND r.created_at < @queued_before) stuck
        ORDER BY data_interval_start, dag_id LIMIT @limit
        """;

    private const string SelectQueuedTooLong = $$"""
        SELECT {{TaskInstanceRow.Columns}} FROM {schema}.task_instances ti WHERE ti.state = 'queued' AND ti.queued_at < @queued_before
        ORDER BY ti.queued_at, ti.dag_id, ti.task_id LIMIT @limit
        """;

    private const string SelectUpForRetry = $$"""
        SELECT {{TaskInstanceRow.Columns}} FROM {schema}.task_instances ti WHERE ti.state = 'up_for_retry'
        ORDER BY ti.next_try_at, ti.dag_id, ti.task_id LIMIT @limit
        """;

    private const string BreachedDatasets = """
         WHERE EXISTS (SELECT 1 FROM {schema}.quality_events e WHERE e.dataset = d.name AND e.kind = 'freshness_breach' AND e.resolved_at IS NULL)
            OR (d.freshness_sla IS NOT NULL AND coalesce(d.data_updated_at, d.last_written_at) + d.freshness_sla < @now)
        ORDER BY d.name LIMIT @limit
        """;

    // The latest result of each check in the window (check_results_at_idx), kept when it is a failed error.
    private const string SelectFailedChecks = """
        SELECT dag_id, run_id, task_id, try_number, name, kind, severity, target, failing_count, sample, at FROM (
            SELECT DISTINCT ON (c.dag_id, c.task_id, c.name) c.* FROM {schema}.check_results c WHERE c.at >= @since
            ORDER BY c.dag_id, c.task_id, c.name, c.id DESC) latest
        WHERE severity = 'error' AND failing_count > 0
        ORDER BY at DESC, dag_id, name LIMIT @limit
        """;

    private const string SelectPoolUsage = """
        SELECT p.name, coalesce(c.slots, @default_slots),
               count(ti.*) FILTER (WHERE ti.state = 'queued'), count(ti.*) FILTER (WHERE ti.state = 'running')
        FROM (SELECT name FROM {schema}.pools UNION SELECT DISTINCT pool FROM {schema}.task_instances WHERE state IN ('queued', 'running')) p
        LEFT JOIN {schema}.pools c ON c.name = p.name
        LEFT JOIN {schema}.task_instances ti ON ti.pool = p.name AND ti.state IN ('queued', 'running')
        GROUP BY p.name, c.slots ORDER BY p.name
        """;

    public async Task<BrokenNow> GetBrokenNowAsync(BrokenNowQuery query, CancellationToken ct = default)
    {
        var since = query.Now - query.FailedWithin;
        var queuedBefore = query.Now - query.QueuedLongerThan;
        NpgsqlCommand Query(string sql)
        {
            var command = Command(sql);
            command.Parameters.AddValue("limit", query.Limit);
            command.Parameters.AddTimestamp("since", since);
            command.Parameters.AddTimestamp("queued_before", queuedBefore);
            command.Parameters.AddTimestamp("now", query.Now);
            return command;
        }

        var failedRuns = new List<DagRun>();
        await using (var command = Query(SelectFailedRuns))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                failedRuns.Add(DagRunRow.Read(reader));
            }
        }

        var stuckRuns = new List<StuckRun>();
        await using (var command = Query(SelectStuckRuns))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var run = DagRunRow.Read(reader);
                stuckRuns.Add(new StuckRun(run, reader.GetBoolean(DagRunRow.ColumnCount) ? StuckRun.NothingInFlight : StuckRun.QueuedSince(run.CreatedAt)));
            }
        }

        var failedChecks = new List<CheckRecord>();
        await using (var command = Query(SelectFailedChecks))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                failedChecks.Add(ReadCheck(reader));
            }
        }

        await using var breached = Query(SelectDatasets + BreachedDatasets);
        return new BrokenNow
        {
            FailedRuns = failedRuns,
            StuckRuns = stuckRuns,
            QueuedTooLong = await ReadTaskInstancesAsync(Query(SelectQueuedTooLong), ct),
            UpForRetry = await ReadTaskInstancesAsync(Query(SelectUpForRetry), ct),
            BreachedDatasets = await ReadDatasetsAsync(breached, ct),
            FailedChecks = failedChecks,
            ImportErrors = await ListImportErrorsAsync(ct),
        };
    }

    public async Task<IReadOnlyList<PoolUsage>> ListPoolUsageAsync(CancellationToken ct = default)
    {
        await using var command = Command(SelectPoolUsage);
        command.Parameters.AddValue("default_slots", Pool.DefaultSlots);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var pools = new List<PoolUsage>();
        while (await reader.ReadAsync(ct))
        {
            pools.Add(new PoolUsage(reader.GetString(0), reader.GetInt32(1), (int)reader.GetInt64(2), (int)reader.GetInt64(3)));
        }

        return pools;
    }

    private static async Task<IReadOnlyList<TaskInstance>> ReadTaskInstancesAsync(NpgsqlCommand command, CancellationToken ct)
    {
        await using (command)
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            var tasks = new List<TaskInstance>();
            while (await reader.ReadAsync(ct))
            {
                tasks.Add(TaskInstanceRow.Read(reader));
            }

            return tasks;
        }
    }
}
