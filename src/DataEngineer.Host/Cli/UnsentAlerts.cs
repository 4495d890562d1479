using DataEngineer.Core.Alerts;
using Spectre.Console;

namespace DataEngineer.Host.Cli;

/// <summary>
/// Where <c>dags test</c>'s alerts go: nowhere but the terminal. A test run decides its failure, retry and recovery
/// alerts as a worker does, and prints each (in terminal mode) instead of paging anyone.
/// </summary>
internal sealed class UnsentAlerts(IAnsiConsole? console) : IAlertPublisher
{
    private readonly Lock _lock = new();

    public Task PublishAsync(AlertEvent alert, CancellationToken ct = default)
    {
        if (console is not null)
        {
            lock (_lock)
            {
                console.MarkupLine($"[grey]{DateTimeOffset.UtcNow:HH:mm:ss.fff}[/] [yellow]alert (not sent by dags test)[/]  {Markup.Escape(alert.Summary)}" +
                                   (alert.Error is null ? "" : $"  [red]{Markup.Escape(alert.Error)}[/]"));
            }
        }

        return Task.CompletedTask;
    }
}
