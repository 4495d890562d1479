using System.Net;
using System.Text.Json;
using DataEngineer.Core.Alerts;
using DataEngineer.Core.Storage;
using DataEngineer.Sdk;
using Xunit;

namespace DataEngineer.Ui.Tests;

/// <summary>The datasets and alerts endpoints, read with the viewer's key, and in the OpenAPI document.</summary>
public sealed partial class RestApiTests
{
    [Fact]
    public async Task Datasets_ListAndDetail_WithFreshnessWritesAnomaliesAndSchema_UnknownIsProblemDetails()
    {
        var now = DateTimeOffset.UtcNow;
        var name = $"api_test.orders_{Guid.NewGuid():N}";
        for (var i = 0; i < 3; i++)
        {
            var at = now.AddHours(i - 3);
            await host.Store.RecordTryObservationsAsync(new TryObservations
            {
                Writes =
                [
                    new DatasetWrite
                    {
                        Dataset = name, DagId = "ui_flaky", RunId = $"api_run_{i}", TaskId = "load", TryNumber = 1, At = at, LogicalDate = at,
                        RowCount = i == 2 ? 40 : 100, RowsWritten = i == 2 ? 40 : 100, FreshnessSla = TimeSpan.FromHours(24),
                        Columns = i == 0 ? [new DatasetColumn("id", "bigint")] : [new DatasetColumn("id", "bigint"), new DatasetColumn("channel", "text")],
                    },
                ],
                Events = i == 2
                    ? [new QualityEvent { Kind = QualityEventKinds.RowCountAnomaly, Severity = "warn", Dataset = name, DagId = "ui_flaky", RunId = "api_run_2", TaskId = "load", Message = "40 rows, expected 80 to 120", At = at }]
                    : [],
            });
        }

        using var api = host.Client(HostUnderTest.ViewerKey);
        using var list = JsonDocument.Parse(await api.GetStringAsync("api/v1/datasets?limit=500"));
        var listed = Assert.Single(list.RootElement.GetProperty("items").EnumerateArray(), d => d.GetProperty("name").GetString() == name);
        Assert.Equal("fresh", listed.GetProperty("sla_state").GetString());
        Assert.Equal(40, listed.GetProperty("row_count").GetInt64());
        Assert.Equal(86_400, listed.GetProperty("freshness_sla_seconds").GetInt64());

        using var detail = JsonDocument.Parse(await api.GetStringAsync($"api/v1/datasets/{Uri.EscapeDataString(name)}"));
        var writes = detail.RootElement.GetProperty("writes").EnumerateArray().ToList();
        Assert.Equal(["api_run_2", "api_run_1", "api_run_0"], writes.Select(w => w.GetProperty("run_id").GetString()));
        Assert.Equal([true, false, false], writes.Select(w => w.GetProperty("row_count_anomaly").GetBoolean()));
        Assert.Equal([1, 2], detail.RootElement.GetProperty("schema_versions").EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
        var anomaly = Assert.Single(detail.RootElement.GetProperty("events").EnumerateArray());
        Assert.Equal("row_count_anomaly", anomaly.GetProperty("kind").GetString());

        using var missing = await api.GetAsync("api/v1/datasets/no.such_dataset");
        await AssertProblemAsync(missing, HttpStatusCode.NotFound, "No dataset 'no.such_dataset'");

        using var anonymous = host.Client(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("api/v1/datasets")).StatusCode);
    }

    [Fact]
    public async Task Alerts_NewestFirst_WithDeliveryStatus()
    {
        var alerts = (IAlertStore)host.Store;
        var key = Guid.NewGuid().ToString("N");
        var now = DateTimeOffset.UtcNow;
        AlertRecord Alert(string which, DateTimeOffset at) => new()
        {
            EventKey = $"api-test-{key}-{which}", Kind = AlertEvents.Failure, Recipient = "api-test-channel", Channel = "api-test-channel",
            DagId = "ui_flaky", Subject = $"api test {which}", Body = "body", PayloadJson = "{}", CreatedAt = at,
            NextAttemptAt = at.AddYears(1), // never due: the host's deliverer leaves them alone
        };
        Assert.True(await alerts.RecordAlertAsync(Alert("older", now.AddSeconds(-2))));
        Assert.True(await alerts.RecordAlertAsync(Alert("newer", now.AddSeconds(-1))));

        using var api = host.Client(HostUnderTest.ViewerKey);
        using var list = JsonDocument.Parse(await api.GetStringAsync("api/v1/alerts?limit=500"));
        var mine = list.RootElement.EnumerateArray().Where(a => a.GetProperty("subject").GetString()!.StartsWith("api test", StringComparison.Ordinal)).ToList();
        Assert.Equal(["api test newer", "api test older"], mine.Select(a => a.GetProperty("subject").GetString()));
        Assert.All(mine, a =>
        {
            Assert.Equal("pending", a.GetProperty("status").GetString());
            Assert.Equal(0, a.GetProperty("attempts").GetInt32());
            Assert.Equal("Failure", a.GetProperty("event").GetString());
        });
    }

    [Fact]
    public async Task OpenApi_ListsTheDatasetAndAlertEndpoints()
    {
        using var anonymous = host.Client(null);
        using var document = JsonDocument.Parse(await anonymous.GetStringAsync("api/v1/openapi.json"));
        var paths = document.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/v1/datasets", paths);
        Assert.Contains("/api/v1/datasets/{name}", paths);
        Assert.Contains("/api/v1/alerts", paths);
    }
}
