using DataEngineer.Core.Alerts;
using DataEngineer.Core.Execution;
using DataEngineer.Core.Storage;
using DataEngineer.Core.Tests.Fixtures;
using DataEngineer.Core.Validation;
using DataEngineer.Sdk;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace DataEngineer.Core.Tests.Alerts;

/// <summary>What the data-quality recorder and the freshness monitor find reaches alerting, once.</summary>
public sealed class QualityEventAlertsTests
{
    private static readonly DateTimeOffset At = new(2024, 4, 1, 12, 0, 0, TimeSpan.Zero);

    private static QualityEvent Event(string kind, string severity, string message) => new()
    {
        Kind = kind, Severity = severity, Dataset = "warehouse.fact_orders", DagId = "orders_etl", RunId = "manual__2024-04-01", TaskId = "load",
        Message = message, Before = """["pending","paid"]""", After = """["pending","paid","chargeback"]""", At = At,
    };

    [Fact]
    public async Task ErrorChecksAnomaliesDriftAndBreaches_AreAlertedOnce_WarnChecksAreNot()
    {
        var time = new FakeTimeProvider(At);
        var registry = new StaticDagRegistry([DagValidator.Validate(new TestDag("orders_etl", d => d.Task("load", _ => { }),
            new DagOptions { Alerts = new AlertOptions { Recipients = ["oncall"], On = AlertEvents.QualityFailure | AlertEvents.RowCountAnomaly | AlertEvents.SchemaDrift | AlertEvents.FreshnessBreach } }).Build())]);
        var store = new InMemoryMetadataStore();
        await store.RecordTryObservationsAsync(new TryObservations
        {
            Events =
            [
                Event(QualityEventKinds.CheckFailed, "error", "not_null(customer_id) failed: 3 rows"),
                Event(QualityEventKinds.CheckFailed, "warn", "row_count between 10 and 100: 104"),
                Event(QualityEventKinds.RowCountAnomaly, "warn", "rows written 36, expected 52..68"),
                Event(QualityEventKinds.NewValues, "warn", "status has a new value: chargeback"),
            ],
        });
        await store.OpenFreshnessBreachAsync(Event(QualityEventKinds.FreshnessBreach, "error", "last updated 30 h ago, SLA 26 h"));
        var alerts = new InMemoryAlertStore();
        var routing = new AlertRoutingOptions { Channels = new HashSet<string> { "oncall" } };
        var relay = new QualityEventAlerts(store, new AlertOutbox(alerts, registry, routing, time, NullLogger<AlertOutbox>.Instance));

        await relay.CheckAsync(CancellationToken.None);
        await relay.CheckAsync(CancellationToken.None);
        await new QualityEventAlerts(store, new AlertOutbox(alerts, registry, routing, time, NullLogger<AlertOutbox>.Instance)).CheckAsync(CancellationToken.None);

        var sent = await alerts.ListAlertsAsync();
        Assert.Equal(
            [AlertEvents.FreshnessBreach, AlertEvents.QualityFailure, AlertEvents.RowCountAnomaly, AlertEvents.SchemaDrift],
            sent.OrderBy(a => a.Kind).Select(a => a.Kind));
        var drift = sent.Single(a => a.Kind == AlertEvents.SchemaDrift);
        Assert.Contains("chargeback", drift.Body, StringComparison.Ordinal);
        Assert.Contains("warehouse.fact_orders", drift.Body, StringComparison.Ordinal);
    }
}
