using Bunit;
using DataEngineer.Core.Alerts;
using DataEngineer.Core.Storage;
using DataEngineer.Sdk;
using DataEngineer.Ui.Pages;
using Xunit;

namespace DataEngineer.Ui.Tests.Components;

/// <summary>The Alerts page: history newest first with delivery status, attempts and the last error.</summary>
public sealed class AlertsPageTests
{
    private static readonly DateTimeOffset Now = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static AlertRecord Alert(string key, DateTimeOffset at) => new()
    {
        EventKey = key, Kind = AlertEvents.Failure, Recipient = "team-slack", Channel = "team-slack", DagId = "orders_etl", RunId = "manual__1", TaskId = "load",
        Subject = $"orders_etl.load failed ({key})", Body = "body", PayloadJson = "{}", CreatedAt = at, NextAttemptAt = at,
    };

    [Fact]
    public async Task Render_ListsAlertsNewestFirst_WithStatusAttemptsAndLastError()
    {
        await using var context = new BunitContext();
        var alerts = new InMemoryAlertStore();
        await alerts.RecordAlertAsync(Alert("older", Now.AddMinutes(-10)));
        await alerts.RecordAlertAsync(Alert("newer", Now.AddMinutes(-1)));
        var claimed = await alerts.ClaimDueAlertsAsync(Now, TimeSpan.FromMinutes(1), 10);
        var older = claimed.Single(a => a.EventKey == "older");
        var newer = claimed.Single(a => a.EventKey == "newer");
        await alerts.MarkAlertSentAsync(older.Id, Now.AddMinutes(-9));
        await alerts.MarkAlertFailedAsync(newer.Id, "connection refused by hooks.example.com", null);
        UiPageContext.Add(context, new InMemoryMetadataStore(), [], UiPageContext.Clock(Now), alerts);

        var page = context.Render<AlertsPage>();

        var rows = page.FindAll("[data-testid=alert-table] tbody tr").Select(r => r.GetAttribute("data-testid")).ToList();
        Assert.Equal([$"alert-{newer.Id}", $"alert-{older.Id}"], rows);
        Assert.Equal("failed", page.Find($"[data-testid=alert-status-{newer.Id}]").TextContent);
        Assert.Equal("sent", page.Find($"[data-testid=alert-status-{older.Id}]").TextContent);
        Assert.Equal("1", page.Find($"[data-testid=alert-attempts-{newer.Id}]").TextContent);
        Assert.Equal("connection refused by hooks.example.com", page.Find($"[data-testid=alert-error-{newer.Id}]").TextContent);
        Assert.Contains("orders_etl.load failed (newer)", page.Find($"[data-testid=alert-{newer.Id}]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_WithNoAlerts_SaysSo()
    {
        await using var context = new BunitContext();
        UiPageContext.Add(context, new InMemoryMetadataStore(), [], UiPageContext.Clock(Now));

        var page = context.Render<AlertsPage>();

        Assert.Contains("No alert has been recorded.", page.Markup, StringComparison.Ordinal);
    }
}
