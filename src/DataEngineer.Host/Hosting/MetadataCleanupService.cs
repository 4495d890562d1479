using System.Globalization;
using DataEngineer.Core.Storage;
using DataEngineer.Postgres.Metadata;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace DataEngineer.Host.Hosting;

/// <summary>
/// Runs <c>db clean</c> on the schedule of <see cref="MetadataCleanupSettings"/>, in every scheduler; a PostgreSQL
/// advisory lock (tried, never waited for) makes one of them do each clean. Each clean is audited as
/// <c>db.clean</c> by <c>system:cleanup</c> with its row counts, as a person's <c>db clean</c> is.
/// </summary>
internal sealed partial class MetadataCleanupService(
    MetadataCleanupSettings settings, NpgsqlDataSource dataSource, IAuditLog audit, TimeProvider time, ILogger<MetadataCleanupService> logger) : BackgroundService
{
    public const string Actor = "system:cleanup";

    // Any fixed key: the advisory lock only needs to be the same in every scheduler.
    private const long LockKey = 0x6461_7465_6e67_6c01;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            if (settings.Schedule.NextFireAfter(now) is not { } next)
            {
                return;
            }

            await Task.Delay(next - now, time, stoppingToken);
            try
            {
                await CleanAsync(stoppingToken);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                LogFailed(logger, e.Message);
            }
        }
    }

    /// <summary>One clean now, unless another scheduler is doing it; returns the rows deleted, or null when it was not this one's turn.</summary>
    public async Task<long?> CleanAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using (var tryLock = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection))
        {
            tryLock.Parameters.AddWithValue("key", LockKey);
            if (!(bool)(await tryLock.ExecuteScalarAsync(ct))!)
            {
                return null;
            }
        }

        try
        {
            var cutoff = time.GetUtcNow() - settings.OlderThan;
            var counts = await new MetadataRetention(dataSource).DeleteAsync(cutoff, settings.KeepLast, ct: ct);
            var when = cutoff.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            var detail = $"older_than={when} keep_last={settings.KeepLast} " + string.Join(' ', counts.Select(c => $"{c.Table}={c.Rows}"));
            // What was deleted is audited even when the host is stopping meanwhile.
            await audit.AppendAuditAsync(new AuditEntry(time.GetUtcNow(), Actor, "db.clean", "metadata", detail), CancellationToken.None);
            var rows = counts.Sum(c => c.Rows);
            LogCleaned(logger, rows, when);
            return rows;
        }
        finally
        {
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
            unlock.Parameters.AddWithValue("key", LockKey);
            await unlock.ExecuteScalarAsync(CancellationToken.None);
        }
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Scheduled metadata clean deleted {Rows} rows older than {Cutoff}.")]
    private static partial void LogCleaned(ILogger logger, long rows, string cutoff);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "Scheduled metadata clean failed; the next scheduled one tries again: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}
