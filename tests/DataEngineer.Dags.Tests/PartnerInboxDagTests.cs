using DataEngineer.Dags.PartnerInbox;
using DataEngineer.Sdk;
using DataEngineer.Sdk.Testing;
using Xunit;

namespace DataEngineer.Dags.Tests;

/// <summary>partner_inbox's tasks with the test environment: the sensor reschedules until a delivery arrives, then the orders are counted.</summary>
public sealed class PartnerInboxDagTests : IDisposable
{
    private readonly string _inbox = Directory.CreateTempSubdirectory("de-inbox-").FullName;

    public PartnerInboxDagTests() => Environment.SetEnvironmentVariable("DATAENGINEER_INBOX", _inbox);

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("DATAENGINEER_INBOX", null);
        Directory.Delete(_inbox, recursive: true);
    }

    [Fact]
    public async Task WaitForDelivery_EmptyInbox_PokesAgainInAMinute_ThenCountOrdersCountsTheDelivery()
    {
        var env = new TaskTestEnvironment();

        var poke = await Assert.ThrowsAsync<TaskRescheduleException>(() => env.RunAsync(new PartnerInboxDag(), "wait_for_delivery"));
        Assert.Equal((TimeSpan.FromMinutes(1), TimeSpan.FromHours(6)), (poke.Interval, poke.Timeout));

        await File.WriteAllLinesAsync(Path.Combine(_inbox, "orders_20240601.csv"), ["order_id,amount", "1,9.5", "2,12"]);
        await env.RunAsync(new PartnerInboxDag(), "wait_for_delivery");
        Assert.Equal(2, await env.RunAsync<int>(new PartnerInboxDag(), "count_orders"));
        Assert.Equal(2, env.Rows.Read);
    }
}
