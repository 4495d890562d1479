using System.Globalization;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace DataEngineer.Sdk.Postgres;

/// <summary>
/// Incremental extracts with a high-water mark kept in the metadata store per DAG, task and source:
/// <c>mark_column &gt; last mark</c>. The mark is not advanced here: pass <see cref="IncrementalBatch{T}.Advance"/>
/// to the load, which advances it only when it commits (and the engine stores it only when the try succeeds).
/// <c>dataengineer watermarks reset</c> rewinds it for a backfill.
/// </summary>
public static class IncrementalExtract
{
    /// <summary>Reads the rows of <paramref name="source"/> newer than this task's stored mark.</summary>
    /// <param name="context">The task's context (the mark belongs to its DAG and task).</param>
    /// <param name="connection">An open connection to the source.</param>
    /// <param name="source">Table, mark column, columns and bounds.</param>
    /// <param name="read">Reads one row; the reader's columns are <see cref="IncrementalSource.Columns"/> in order.</param>
    /// <exception cref="InvalidIdentifierException">The table or a column name is not a plain identifier.</exception>
    public static async Task<IncrementalBatch<T>> ReadIncrementalAsync<T>(this TaskContext context, NpgsqlConnection connection, IncrementalSource source, Func<NpgsqlDataReader, T> read)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(read);
        var table = SqlIdentifier.Table(source.Table, "incremental source table");
        var mark = SqlIdentifier.Column(source.MarkColumn, $"incremental source {source.Table} mark column");
        var columns = source.Columns.Select(c => SqlIdentifier.Column(c, $"incremental source {source.Table} column")).ToList();
        var stored = await context.GetWatermarkAsync(source.Table);
        if (stored is not null && source.UpperBound is { } bound
            && DateTimeOffset.Parse(stored, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) >= bound)
        {
            context.Logger.LogWarning(
                "The high-water mark of {Source} ({Mark}) is at or after this run's upper bound ({Bound:O}): nothing to read. " +
                "To extract this interval again, reset it: dataengineer watermarks reset {Dag} --task {Task} --source {Source}",
                source.Table, stored, bound, context.DagId, context.TaskId, source.Table);
        }

        var conditions = new List<string>();
        await using var command = new NpgsqlCommand { Connection = connection };
        if (stored is not null)
        {
            conditions.Add($"{mark} > @from");
            command.Parameters.AddWithValue("from", DateTimeOffset.Parse(stored, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime());
        }
        else if (source.InitialMark is { } initial)
        {
            conditions.Add($"{mark} >= @from");
            command.Parameters.AddWithValue("from", initial.ToUniversalTime());
        }

        if (source.UpperBound is { } upper)
        {
            conditions.Add($"{mark} < @to");
            command.Parameters.AddWithValue("to", upper.ToUniversalTime());
        }

        var where = conditions.Count == 0 ? "" : " WHERE " + string.Join(" AND ", conditions);
        command.CommandText = $"SELECT {string.Join(", ", columns)}, {mark}::timestamptz FROM {table}{where} ORDER BY {mark}";
        var rows = new List<T>();
        DateTimeOffset? newest = null;
        await using (var reader = await command.ExecuteReaderAsync(context.CancellationToken))
        {
            while (await reader.ReadAsync(context.CancellationToken))
            {
                rows.Add(read(reader));
                newest = reader.GetFieldValue<DateTimeOffset>(columns.Count);
            }
        }

        var advance = newest is { } n ? new WatermarkAdvance(context.TaskId, source.Table, n.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)) : null;
        return new IncrementalBatch<T>(rows, stored, advance);
    }
}
