using DataEngineer.Postgres.Metadata;
using DataEngineer.Testing.Retention;
using Microsoft.Playwright;
using Npgsql;
using Xunit;

namespace DataEngineer.Ui.Tests;

/// <summary>The try page of a task that waits says why it is not running ("Why isn't it running?"), in a real browser against the real host.</summary>
[Collection(HostCollection.Name)]
public sealed class WhyNotRunningTests(HostUnderTest host, BrowserFixture browser)
{
    [Fact]
    public async Task TryPage_OfAQueuedTaskNoWorkerServes_SaysWhyItIsNotRunning()
    {
        var dag = $"waits_{Guid.NewGuid().ToString("N")[..8]}";
        var day = new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);
        await using var dataSource = NpgsqlDataSource.Create(host.ConnectionString);
        var history = new MetadataHistory(dataSource, PostgresMetadataStoreOptions.DefaultSchema);
        await history.DagAsync(dag, day);
        await history.RunAsync(dag, $"{dag}_1", "running", day, endedAt: null);
        await using (var queue = dataSource.CreateCommand($"UPDATE dataengineer.task_instances SET state = 'queued', queue = 'nobody_{dag}' WHERE dag_id = '{dag}' AND task_id = 't2'"))
        {
            await queue.ExecuteNonQueryAsync();
        }

        await using var ui = await UiSession.LogInAsync(browser, host, "vic");
        await ui.GoAsync($"dags/{dag}/runs/{dag}_1/tasks/t2/tries/2");

        var panel = ui.Page.Locator("[data-testid=why-not-running]");
        await Assertions.Expect(panel).ToContainTextAsync("Why isn't it running?", new() { Timeout = (float)UiSession.Bound.TotalMilliseconds });
        await Assertions.Expect(ui.Page.Locator("[data-testid=dependency-state]")).ToContainTextAsync("queued");
        await Assertions.Expect(ui.Page.Locator("[data-testid=dependency-worker]")).ToContainTextAsync($"no live worker serves queue 'nobody_{dag}'");
        await ui.ScreenshotAsync("why-not-running");
    }
}
