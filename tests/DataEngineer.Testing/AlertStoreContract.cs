using DataEngineer.Core.Alerts;
using DataEngineer.Sdk;
using Xunit;

namespace DataEngineer.Testing;

/// <summary>What every alert outbox must do with recording, claiming and marking alerts; run against both stores.</summary>
public abstract class AlertStoreContract
{
    private static readonly DateTimeOffset Now = new(2024, 5, 6, 9, 30, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    protected abstract Task<IAlertStore> CreateStoreAsync();

    // The payload is written as PostgreSQL prints jsonb, so it reads back as written.
    private static AlertRecord Alert(string eventKey, string recipient = "team-slack", DateTimeOffset? due = null) => new()
    {
        EventKey = eventKey,
        Kind = AlertEvents.Failure,
        Recipient = recipient,
        Channel = "team-slack",
        Address = recipient.Contains('@') ? recipient : null,
        DagId = "orders_etl",
        RunId = "manual__1",
        TaskId = "load",
        Subject = $"orders_etl.load failed ({eventKey})",
        Body = "Try 3 of 3 failed.",
        PayloadJson = """{"dag_id": "orders_etl", "task_id": "load"}""",
        CreatedAt = Now.AddMinutes(-1),
        NextAttemptAt = due ?? Now,
    };

    private static async Task<AlertRecord> SingleAsync(IAlertStore store, string eventKey) =>
        (await store.ListAlertsAsync()).Single(a => a.EventKey == eventKey);

    [Fact]
    public async Task RecordAlert_OncePerEventKeyAndRecipient_ReturnsWhetherItWasRecorded()
    {
        var store = await CreateStoreAsync();

        Assert.True(await store.RecordAlertAsync(Alert("failure:orders_etl:load")));
        Assert.False(await store.RecordAlertAsync(Alert("failure:orders_etl:load") with { Subject = "recorded by another process" }));
        Assert.True(await store.RecordAlertAsync(Alert("failure:orders_etl:load", "oncall@example.com")));
        Assert.True(await store.RecordAlertAsync(Alert("failure:orders_etl:report")));

        var alerts = await store.ListAlertsAsync();
        Assert.Equal(3, alerts.Count);
        Assert.Equal(3, alerts.Select(a => a.Id).Distinct().Count());
        var first = alerts.Single(a => (a.EventKey, a.Recipient) == ("failure:orders_etl:load", "team-slack"));
        Assert.Equal(Alert("failure:orders_etl:load") with { Id = first.Id }, first);
        var email = alerts.Single(a => a.Recipient == "oncall@example.com");
        Assert.Equal(("oncall@example.com", AlertStatus.Pending, 0), (email.Address, email.Status, email.Attempts));
    }

    [Fact]
    public async Task RecordAlert_AlreadyFailed_KeepsItsError_AndIsNeverClaimed()
    {
        var store = await CreateStoreAsync();
        var unroutable = Alert("failure", "pager") with { Status = AlertStatus.Failed, LastError = "No alert channel is named 'pager'." };

        Assert.True(await store.RecordAlertAsync(unroutable));

        var recorded = await SingleAsync(store, "failure");
        Assert.Equal(unroutable with { Id = recorded.Id }, recorded);
        Assert.Empty(await store.ClaimDueAlertsAsync(Now.AddDays(1), Lease, 10));
    }

    [Fact]
    public async Task ListAlerts_NewestFirst_UpToTheLimit()
    {
        var store = await CreateStoreAsync();
        foreach (var key in new[] { "first", "second", "third" })
        {
            await store.RecordAlertAsync(Alert(key));
        }

        Assert.Equal(["third", "second"], (await store.ListAlertsAsync(2)).Select(a => a.EventKey));
        var all = await store.ListAlertsAsync();
        Assert.Equal(["third", "second", "first"], all.Select(a => a.EventKey));
        Assert.True(all[0].Id > all[1].Id && all[1].Id > all[2].Id, "ids increase with every alert recorded");
    }

    [Fact]
    public async Task ClaimDueAlerts_OnlyPendingAlertsThatAreDue_EarliestDueFirst_UpToTheLimit()
    {
        var store = await CreateStoreAsync();
        await store.RecordAlertAsync(Alert("due_now"));
        await store.RecordAlertAsync(Alert("due_earlier", due: Now.AddMinutes(-2)));
        await store.RecordAlertAsync(Alert("due_later", due: Now.AddMinutes(1)));
        await store.RecordAlertAsync(Alert("sent", due: Now.AddMinutes(-5)));
        await store.RecordAlertAsync(Alert("given_up", due: Now.AddMinutes(-5)));
        await store.MarkAlertSentAsync((await SingleAsync(store, "sent")).Id, Now.AddMinutes(-4));
        await store.MarkAlertFailedAsync((await SingleAsync(store, "given_up")).Id, "no such channel", null);

        var first = await store.ClaimDueAlertsAsync(Now, Lease, 1);
        var rest = await store.ClaimDueAlertsAsync(Now, Lease, 10);

        Assert.Equal(["due_earlier"], first.Select(a => a.EventKey));
        Assert.Equal(["due_now"], rest.Select(a => a.EventKey));
        Assert.Equal((AlertStatus.Pending, 0), (rest[0].Status, rest[0].Attempts));
        Assert.Equal(["due_later"], (await store.ClaimDueAlertsAsync(Now.AddMinutes(1), Lease, 10)).Select(a => a.EventKey));
    }

    [Fact]
    public async Task ClaimedAlert_NotClaimedAgainUntilItsLeaseEnds_ThenClaimableAgain()
    {
        var store = await CreateStoreAsync();
        await store.RecordAlertAsync(Alert("failure"));

        var claimed = Assert.Single(await store.ClaimDueAlertsAsync(Now, Lease, 10));

        Assert.Empty(await store.ClaimDueAlertsAsync(Now, Lease, 10));
        Assert.Empty(await store.ClaimDueAlertsAsync(Now + Lease - TimeSpan.FromSeconds(1), Lease, 10));
        var reclaimed = Assert.Single(await store.ClaimDueAlertsAsync(Now + Lease + TimeSpan.FromSeconds(1), Lease, 10));
        Assert.Equal(claimed.Id, reclaimed.Id);
        Assert.Empty(await store.ClaimDueAlertsAsync(Now + Lease + TimeSpan.FromMinutes(1), Lease, 10));
    }

    [Fact]
    public async Task MarkAlertSent_CountsTheAttempt_AndTheAlertIsNeverClaimedAgain()
    {
        var store = await CreateStoreAsync();
        await store.RecordAlertAsync(Alert("failure"));
        var claimed = Assert.Single(await store.ClaimDueAlertsAsync(Now, Lease, 10));

        await store.MarkAlertSentAsync(claimed.Id, Now.AddSeconds(2));

        var sent = await SingleAsync(store, "failure");
        Assert.Equal((AlertStatus.Sent, 1, Now.AddSeconds(2)), (sent.Status, sent.Attempts, sent.SentAt));
        Assert.Empty(await store.ClaimDueAlertsAsync(Now.AddDays(1), Lease, 10));
    }

    [Fact]
    public async Task MarkAlertFailed_WithARetryTime_PendingAgainAndClaimableFromThen_AttemptsCounted()
    {
        var store = await CreateStoreAsync();
        await store.RecordAlertAsync(Alert("failure"));
        var claimed = Assert.Single(await store.ClaimDueAlertsAsync(Now, Lease, 10));

        // The retry is due before the claim's lease would end: marking releases the claim.
        await store.MarkAlertFailedAsync(claimed.Id, "HTTP 503", Now.AddMinutes(1));

        var retrying = await SingleAsync(store, "failure");
        Assert.Equal((AlertStatus.Pending, 1, "HTTP 503", Now.AddMinutes(1)), (retrying.Status, retrying.Attempts, retrying.LastError, retrying.NextAttemptAt));
        Assert.Null(retrying.SentAt);
        Assert.Empty(await store.ClaimDueAlertsAsync(Now.AddSeconds(59), Lease, 10));
        var retry = Assert.Single(await store.ClaimDueAlertsAsync(Now.AddMinutes(1), Lease, 10));
        Assert.Equal((claimed.Id, 1), (retry.Id, retry.Attempts));

        await store.MarkAlertFailedAsync(retry.Id, "HTTP 502", Now.AddMinutes(3));

        var again = await SingleAsync(store, "failure");
        Assert.Equal((AlertStatus.Pending, 2, "HTTP 502"), (again.Status, again.Attempts, again.LastError));
    }

    [Fact]
    public async Task MarkAlertFailed_WithoutARetryTime_FailedForGood_AndNeverClaimedAgain()
    {
        var store = await CreateStoreAsync();
        await store.RecordAlertAsync(Alert("failure"));
        var claimed = Assert.Single(await store.ClaimDueAlertsAsync(Now, Lease, 10));

        await store.MarkAlertFailedAsync(claimed.Id, "SMTP 550: mailbox unavailable", null);

        var failed = await SingleAsync(store, "failure");
        Assert.Equal((AlertStatus.Failed, 1, "SMTP 550: mailbox unavailable", Now), (failed.Status, failed.Attempts, failed.LastError, failed.NextAttemptAt));
        Assert.Empty(await store.ClaimDueAlertsAsync(Now.AddDays(1), Lease, 10));
    }
}
