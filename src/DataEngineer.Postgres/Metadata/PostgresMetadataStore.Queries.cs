using System.Text;
using DataEngineer.Core.States;
using DataEngineer.Core.Storage;
using Npgsql;

namespace DataEngineer.Postgres.Metadata;

public sealed partial class PostgresMetadataStore
{
    private const string MatchingDags = """
        SELECT d.* FROM {schema}.dags d
        WHERE (@pattern IS NULL OR d.dag_id ILIKE @pattern OR d.description ILIKE @pattern OR d.owner ILIKE @pattern)
            AND (@tag IS NULL OR d.tags @> ARRAY[@tag])
            AND (@owner IS NULL OR d.owner = @owner)
            AND (@paused IS NULL OR d.is_paused = @paused)
        """;

    // The newest run of each matching DAG, only when the page filters on its state: one index probe per DAG.
    private const string FilterByLastRun = """
        SELECT m.* FROM matching m
        JOIN LATERAL (SELECT r.state FROM {schema}.dag_runs r WHERE r.dag_id = m.dag_id ORDER BY r.data_interval_start DESC LIMIT 1) last ON true
        WHERE last.state = @last_state
        """;

    // Each DAG of the page with its newest runs through the (dag_id, data_interval_start) key, read backwards.
    private const string PageWithRecentRuns = $$"""
        SELECT {{DagRecordRow.Columns}}, {{DagRunRow.Columns}}
        FROM (SELECT f.* FROM filtered f ORDER BY f.dag_id LIMIT @limit OFFSET @offset) d
        LEFT JOIN LATERAL (
            SELECT * FROM {schema}.dag_runs r0 WHERE r0.dag_id = d.dag_id ORDER BY r0.data_interval_start DESC LIMIT @recent) r ON true
        ORDER BY d.dag_id, r.data_interval_start DESC
        """;

    /// <summary>Where a run's columns start in a row of <see cref="PageWithRecentRuns"/>: after the DAG's.</summary>
    private static readonly int RecentRunColumnsAt = DagRecordRow.Columns.Split(',').Length;

    private const string SelectTagsAndOwners = """
        SELECT DISTINCT 't', unnest(tags) FROM {schema}.dags
        UNION SELECT DISTINCT 'o', owner FROM {schema}.dags WHERE owner IS NOT NULL
        ORDER BY 1, 2
        """;

    private const string SelectRunPage = $$"""
        SELECT {{DagRunRow.Columns}} FROM {schema}.dag_runs r WHERE r.dag_id = @dag_id
        ORDER BY r.data_interval_start DESC LIMIT @limit OFFSET @offset
        """;

    private const string CountRuns = "SELECT count(*) FROM {schema}.dag_runs WHERE dag_id = @dag_id";

    private const string SelectTasksOfRuns = $$"""
        SELECT {{TaskInstanceRow.Columns}} FROM {schema}.task_instances ti
        WHERE ti.dag_id = @dag_id AND ti.run_id = ANY (@run_ids) ORDER BY ti.run_id, ti.task_id
        """;

    private const string SelectXComOfRun = """
        SELECT task_id, key, value FROM {schema}.xcom WHERE dag_id = @dag_id AND run_id = @run_id ORDER BY task_id, key
        """;

    private const string SelectQueueDepths = """
        SELECT queue, count(*) FILTER (WHERE state = 'scheduled'), count(*) FILTER (WHERE state = 'queued'), count(*) FILTER (WHERE state = 'running')
        FROM {schema}.task_instances WHERE state IN ('scheduled', 'queued', 'running')
        GROUP BY queue ORDER BY queue
        """;

    public async Task<DagOverviewPage> ListDagOverviewsAsync(DagOverviewQuery query, CancellationToken ct = default)
    {
        var filtered = query.LastRunState is null ? "SELECT * FROM matching" : FilterByLastRun;
        var with = $"WITH matching AS ({MatchingDags}), filtered AS ({filtered}) ";
        await using var batch = _dataSource.CreateBatch();
        var page = new NpgsqlBatchCommand(Sql(with + PageWithRecentRuns));
        var count = new NpgsqlBatchCommand(Sql(with + "SELECT count(*) FROM filtered"));
        foreach (var command in new[] { page, count })
        {
            AddDagFilters(command.Parameters, query);
            batch.BatchCommands.Add(command);
        }

        page.Parameters.AddValue("limit", query.Limit);
        page.Parameters.AddValue("offset", query.Offset);
        page.Parameters.AddValue("recent", Math.Max(query.RecentRuns, 0));
        batch.BatchCommands.Add(new NpgsqlBatchCommand(Sql(SelectTagsAndOwners)));

        await using var reader = await batch.ExecuteReaderAsync(ct);
        var dags = new List<(DagRecord Dag, List<DagRun> Runs)>();
        while (await reader.ReadAsync(ct))
        {
            var dag = DagRecordRow.Read(reader);
            if (dags.Count == 0 || dags[^1].Dag.DagId != dag.DagId)
            {
                dags.Add((dag, []));
            }

            if (!reader.IsDBNull(RecentRunColumnsAt))
            {
                dags[^1].Runs.Add(DagRunRow.Read(reader, RecentRunColumnsAt));
            }
        }

        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        var total = (int)reader.GetInt64(0);
        await reader.NextResultAsync(ct);
        var tags = new List<string>();
        var owners = new List<string>();
        while (await reader.ReadAsync(ct))
        {
            (reader.GetString(0) == "t" ? tags : owners).Add(reader.GetString(1));
        }

        return new DagOverviewPage(dags.Select(d => new DagOverview(d.Dag, d.Runs)).ToList(), total, tags, owners);
    }

    public async Task<RunHistoryPage> ListRunHistoryAsync(string dagId, int offset, int limit, CancellationToken ct = default)
    {
        await using var batch = _dataSource.CreateBatch();
        var page = new NpgsqlBatchCommand(Sql(SelectRunPage));
        page.Parameters.AddText("dag_id", dagId);
        page.Parameters.AddValue("limit", limit);
        page.Parameters.AddValue("offset", offset);
        var count = new NpgsqlBatchCommand(Sql(CountRuns));
        count.Parameters.AddText("dag_id", dagId);
        batch.BatchCommands.Add(page);
        batch.BatchCommands.Add(count);

        var runs = new List<DagRun>();
        int total;
        await using (var reader = await batch.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                runs.Add(DagRunRow.Read(reader));
            }

            await reader.NextResultAsync(ct);
            await reader.ReadAsync(ct);
            total = (int)reader.GetInt64(0);
        }

        var tasks = new Dictionary<string, Dictionary<string, TaskInstance>>(StringComparer.Ordinal);
        if (runs.Count > 0)
        {
            await using var command = Command(SelectTasksOfRuns);
            command.Parameters.AddText("dag_id", dagId);
            command.Parameters.AddTexts("run_ids", runs.Select(r => r.RunId));
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var task = TaskInstanceRow.Read(reader);
                if (!tasks.TryGetValue(task.RunId, out var ofRun))
                {
                    tasks[task.RunId] = ofRun = new Dictionary<string, TaskInstance>(StringComparer.Ordinal);
                }

                ofRun[task.TaskId] = task;
            }
        }

        var snapshots = runs.Select(r => new RunSnapshot(r, tasks.TryGetValue(r.RunId, out var t) ? t : new Dictionary<string, TaskInstance>(StringComparer.Ordinal))).ToList();
        return new RunHistoryPage(snapshots, total);
    }

    public async Task<IReadOnlyList<XComEntry>> ListXComAsync(RunKey key, CancellationToken ct = default)
    {
        await using var command = Command(SelectXComOfRun);
        command.Parameters.AddText("dag_id", key.DagId);
        command.Parameters.AddText("run_id", key.RunId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var entries = new List<XComEntry>();
        while (await reader.ReadAsync(ct))
        {
            entries.Add(new XComEntry(key.DagId, key.RunId, reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return entries;
    }

    public async Task<IReadOnlyList<QueueDepth>> ListQueueDepthsAsync(CancellationToken ct = default)
    {
        await using var command = Command(SelectQueueDepths);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var depths = new List<QueueDepth>();
        while (await reader.ReadAsync(ct))
        {
            depths.Add(new QueueDepth(reader.GetString(0), (int)reader.GetInt64(1), (int)reader.GetInt64(2), (int)reader.GetInt64(3)));
        }

        return depths;
    }

    private static void AddDagFilters(NpgsqlParameterCollection parameters, DagOverviewQuery query)
    {
        parameters.AddText("pattern", string.IsNullOrWhiteSpace(query.Search) ? null : $"%{EscapeLike(query.Search.Trim())}%");
        parameters.AddText("tag", query.Tag);
        parameters.AddText("owner", query.Owner);
        parameters.Add(new NpgsqlParameter("paused", NpgsqlTypes.NpgsqlDbType.Boolean) { Value = (object?)query.Paused ?? DBNull.Value });
        if (query.LastRunState is { } state)
        {
            parameters.AddText("last_state", StateNames.Of(state));
        }
    }

    private static string EscapeLike(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '\\' or '%' or '_')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }
}
