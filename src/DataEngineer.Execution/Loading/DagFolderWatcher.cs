using DataEngineer.Core.Telemetry;
using DataEngineer.Core.Alerts;
using DataEngineer.Core.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DataEngineer.Execution.Loading;

/// <summary>
/// Keeps a <see cref="DagFolderRegistry"/> in line with its folder while the host runs: a file
/// watcher (debounced, as editors write in several steps) plus a periodic rescan, because watchers
/// miss events on some file systems (network and container mounts). After each pass, replaced DAG
/// versions that no run in flight uses are unloaded. New import errors are announced to alerting.
/// </summary>
public sealed class DagFolderWatcher(DagFolderRegistry registry, IRunQueries runs, IAlertPublisher alerts, ILogger<DagFolderWatcher> logger) : BackgroundService
{
    /// <summary>How long the folder must be quiet after a change before it is reloaded.</summary>
    public static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(250);

    /// <summary>How often the folder is rescanned without a watcher event.</summary>
    public static readonly TimeSpan Rescan = TimeSpan.FromSeconds(2);

    private readonly SemaphoreSlim _changes = new(0);
    private FileSystemWatcher? _watcher;

    /// <summary>
    /// Starts watching before it returns: <see cref="ExecuteAsync"/> runs on the thread pool (since .NET 10, all of it),
    /// so a file changed just after the host started would otherwise be seen only at the next rescan.
    /// </summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _watcher ??= Watch(() => _changes.Release());
        return base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _watcher?.Dispose();
        _changes.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Run(DagCompiler.WarmUp, stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            if (await _changes.WaitAsync(Rescan, stoppingToken))
            {
                // Quiet period: swallow the burst of events one save makes.
                while (await _changes.WaitAsync(Debounce, stoppingToken))
                {
                }
            }

            try
            {
                if (registry.Reload())
                {
                    logger.DagsReloaded(registry.Folder, registry.Dags.Count, registry.Errors.Count);
                    foreach (var error in registry.Errors)
                    {
                        logger.DagImportError(error.ToString());
                    }

                    await ImportErrorAlerts.PublishAsync(alerts, registry.Errors, stoppingToken);
                }

                if (registry.HasRetired)
                {
                    var active = await runs.ListActiveRunsAsync(10_000, stoppingToken);
                    registry.Release(active.Select(r => (r.DagId, r.DagVersion)).ToHashSet());
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(e, "Reloading the DAGs folder {Folder} failed; trying again", registry.Folder);
            }
        }
    }

    private FileSystemWatcher? Watch(Action changed)
    {
        if (!Directory.Exists(registry.Folder))
        {
            return null;
        }

        try
        {
            var watcher = new FileSystemWatcher(registry.Folder)
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
            };
            watcher.Changed += (_, _) => changed();
            watcher.Created += (_, _) => changed();
            watcher.Deleted += (_, _) => changed();
            watcher.Renamed += (_, _) => changed();
            watcher.EnableRaisingEvents = true;
            return watcher;
        }
        catch (Exception e) when (e is IOException or ArgumentException or PlatformNotSupportedException)
        {
            logger.LogWarning("Cannot watch {Folder} ({Error}); rescanning it every {Interval} instead", registry.Folder, e.Message, Rescan);
            return null;
        }
    }
}
