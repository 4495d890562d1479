using System.Net;
using DataEngineer.Core.Alerts;
using DataEngineer.Core.Execution;
using DataEngineer.Core.Loading;
using DataEngineer.Execution.Alerts;
using DataEngineer.Postgres.Metadata;
using DataEngineer.Sdk;
using DataEngineer.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Xunit;

namespace DataEngineer.Integration.Tests.Alerts;

/// <summary>The PostgreSQL outbox with real deliverers: once per event across publishers and deliverers, and backoff when a channel is down.</summary>
public sealed class AlertDeliveryTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private readonly List<NpgsqlDataSource> _sources = [];
    private WebhookReceiver _receiver = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync();
        await SchemaMigrator.MigrateAsync(Source());
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        _http.Dispose();
        foreach (var source in _sources)
        {
            await source.DisposeAsync();
        }
    }

    [Fact]
    public async Task SameEventFromTwoProcesses_RecordedOnce_DeliveredOnceByTwoCompetingDeliverers()
    {
        var key = $"dag_import_error/{Guid.NewGuid():N}";
        var hook = Hook("dedup");
        // Two stores on two data sources: two processes' views of one database.
        var stores = new[] { new PostgresMetadataStore(Source()), new PostgresMetadataStore(Source()) };
        var routing = new AlertRoutingOptions { Channels = new HashSet<string> { "dedup" }, DefaultRecipients = ["dedup"] };
        var errors = new[] { new DagImportError($"/dags/{key}.dll", null, "the DAG assembly could not be loaded") };

        await Task.WhenAll(stores.Select(s => ImportErrorAlerts.PublishAsync(Outbox(s, routing, TimeProvider.System), errors, CancellationToken.None)));
        var delivered = await Task.WhenAll(stores.Select(s => Deliverer(s, hook, TimeProvider.System, new AlertDeliveryOptions()).DeliverDueAsync(CancellationToken.None)));

        Assert.Equal(1, delivered.Sum());
        var alert = Assert.Single(await stores[0].ListAlertsAsync(1000), a => a.Channel == "dedup");
        Assert.Equal((AlertStatus.Sent, 1), (alert.Status, alert.Attempts));
        Assert.NotNull(alert.SentAt);
        var received = Assert.Single(_receiver.Received, r => r.Token == "dedup");
        Assert.Contains("dag_import_error", received.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChannelDown_RetriedOnlyWhenTheBackoffIsDue_ThenFailedWithTheErrorRecorded_SecretsHidden()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var store = new PostgresMetadataStore(Source());
        var down = new WebhookChannel("down", new WebhookChannelSettings { Url = new Uri(_receiver.Url, "hooks/down-token"), Secret = "down-secret" }, _http);
        var options = new AlertDeliveryOptions { MaxAttempts = 3, FirstRetryDelay = TimeSpan.FromSeconds(10) };
        var deliverer = Deliverer(store, down, time, options);
        _receiver.Status = HttpStatusCode.ServiceUnavailable;
        var routing = new AlertRoutingOptions { Channels = new HashSet<string> { "down" } };
        await Outbox(store, routing, time).PublishAsync(new AlertEvent
        {
            Kind = AlertEvents.SchemaDrift, Key = $"schema_drift/{Guid.NewGuid():N}", Summary = "orders.amount changed type", Recipients = ["down"],
        });

        int Hits() => _receiver.Received.Count(r => r.Token == "down-token");

        Assert.Equal(1, await deliverer.DeliverDueAsync(CancellationToken.None));
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(0, await deliverer.DeliverDueAsync(CancellationToken.None)); // no storm: nothing is due before the backoff
        }

        time.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(0, await deliverer.DeliverDueAsync(CancellationToken.None));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await deliverer.DeliverDueAsync(CancellationToken.None));
        time.Advance(TimeSpan.FromSeconds(19));
        Assert.Equal(0, await deliverer.DeliverDueAsync(CancellationToken.None)); // the second wait is doubled: 20 s
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await deliverer.DeliverDueAsync(CancellationToken.None));
        time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await deliverer.DeliverDueAsync(CancellationToken.None)); // given up after 3 attempts

        Assert.Equal(3, Hits());
        var alert = Assert.Single(await store.ListAlertsAsync(1000), a => a.Channel == "down");
        Assert.Equal((AlertStatus.Failed, 3), (alert.Status, alert.Attempts));
        Assert.Contains("503", alert.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain("down-token", alert.LastError + alert.Body + alert.PayloadJson, StringComparison.Ordinal);
        Assert.DoesNotContain("down-secret", alert.LastError + alert.Body + alert.PayloadJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChannelRefusesConnections_AttemptFailsFast_ErrorRecordedWithoutTheUrl()
    {
        var store = new PostgresMetadataStore(Source());
        // Port 1 on loopback: nothing listens there, the connection is refused at once.
        var refused = new WebhookChannel("refused", new WebhookChannelSettings { Url = new Uri("http://127.0.0.1:1/hooks/secret-token") }, _http);
        await Outbox(store, new AlertRoutingOptions { Channels = new HashSet<string> { "refused" } }, TimeProvider.System).PublishAsync(new AlertEvent
        {
            Kind = AlertEvents.Failure, Key = $"task_failed/{Guid.NewGuid():N}", Summary = "boom", Recipients = ["refused"],
        });

        Assert.Equal(1, await Deliverer(store, refused, TimeProvider.System, new AlertDeliveryOptions()).DeliverDueAsync(CancellationToken.None));

        var alert = Assert.Single(await store.ListAlertsAsync(1000), a => a.Channel == "refused");
        Assert.Equal((AlertStatus.Pending, 1), (alert.Status, alert.Attempts));
        Assert.Contains("HttpRequestException", alert.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-token", alert.LastError, StringComparison.Ordinal);
        Assert.True(alert.NextAttemptAt > alert.CreatedAt);
    }

    [Fact]
    public async Task AlertRecordedByThisProcess_IsSentAtOnce_NotAtTheNextPoll()
    {
        var store = new PostgresMetadataStore(Source());
        var routing = new AlertRoutingOptions { Channels = new HashSet<string> { "wake" } };
        var signal = new AlertSignal();
        var outbox = new AlertOutbox(store, new StaticDagRegistry(DagCatalog.FromAssemblies([])), routing, TimeProvider.System, NullLogger<AlertOutbox>.Instance, signal);
        // A poll far beyond the test's patience: only the outbox's signal can get the second alert out in time.
        var options = new AlertDeliveryOptions { PollInterval = TimeSpan.FromHours(1) };
        using var service = new AlertDeliveryService(Deliverer(store, Hook("wake"), TimeProvider.System, options), options, signal, NullLogger<AlertDeliveryService>.Instance);
        await outbox.PublishAsync(Event("first"));
        await service.StartAsync(CancellationToken.None);
        try
        {
            // The first one goes out with the service's first pass; the second is recorded after that pass.
            await Until(() => _receiver.Received.Count(r => r.Token == "wake") == 1, "the first alert sent by the service's first pass");
            await outbox.PublishAsync(Event("second"));

            await Until(() => _receiver.Received.Count(r => r.Token == "wake") == 2, "the second alert sent without waiting for the hourly poll");
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }

        static AlertEvent Event(string summary) => new()
        {
            Kind = AlertEvents.Failure, Key = $"task_failed/{Guid.NewGuid():N}", Summary = summary, Recipients = ["wake"],
        };
    }

    private static async Task Until(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}.");
            await Task.Delay(50);
        }
    }

    private NpgsqlDataSource Source()
    {
        var source = NpgsqlDataSource.Create(database.ConnectionString);
        _sources.Add(source);
        return source;
    }

    private WebhookChannel Hook(string name) => new(name, new WebhookChannelSettings { Url = new Uri(_receiver.Url, $"hooks/{name}") }, _http);

    private static AlertOutbox Outbox(PostgresMetadataStore store, AlertRoutingOptions routing, TimeProvider time) =>
        new(store, new StaticDagRegistry(DagCatalog.FromAssemblies([])), routing, time, NullLogger<AlertOutbox>.Instance);

    private static AlertDeliverer Deliverer(PostgresMetadataStore store, IAlertChannel channel, TimeProvider time, AlertDeliveryOptions options) =>
        new(store, [channel], options, time, NullLogger<AlertDeliverer>.Instance);
}
