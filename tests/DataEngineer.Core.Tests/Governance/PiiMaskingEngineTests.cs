using DataEngineer.Core.Alerts;
using DataEngineer.Core.Execution;
using DataEngineer.Core.Governance;
using DataEngineer.Core.States;
using DataEngineer.Core.Tests.Alerts;
using DataEngineer.Core.Tests.Fixtures;
using DataEngineer.Sdk;
using Microsoft.Extensions.Logging;
using Xunit;

namespace DataEngineer.Core.Tests.Governance;

/// <summary>PII of a declared dataset is masked in what a try leaves behind: log, error, check samples, XCom views and alerts.</summary>
public sealed class PiiMaskingEngineTests
{
    private const string Email = "jane.doe@example.com";
    private const string Masked = "j***@***.com";

    private static readonly Dataset Customers = new("crm.customers")
    {
        Columns = [new DatasetColumnSpec("email") { Classification = DataClassification.Pii }, new DatasetColumnSpec("customer_id")],
    };

    private sealed record Customer(int CustomerId, string Email);

    private static TestDag Dag(string id, bool fail, DagOptions? options = null) => new(id, d =>
    {
        var read = d.Task("read_customers", ctx =>
        {
            ctx.Logger.LogInformation("Welcome {Email}", Email);
            ctx.Data.RecordCheck(new CheckResult
            {
                Name = "not_null_name", Kind = "not_null", Severity = CheckSeverity.Warn, Target = "crm.customers", FailingCount = 1,
                Sample = [$$"""{"customer_id": 7, "email": "{{Email}}"}"""],
            });
            Console.WriteLine($"mailing {Email} now");
            if (fail)
            {
                throw new InvalidOperationException($"the mail server bounced {Email}");
            }

            return new[] { new Customer(7, Email) };
        }, new TaskOptions { Reads = [Customers] });
        d.Task("count", read, (ctx, customers) => ctx.Logger.LogInformation("{Count} customers, first {First}", customers.Length, customers[0].Email));
    }, options);

    [Fact]
    public async Task Try_LogLinesSampleAndXComView_MaskPii_StoredXComStaysIntact()
    {
        TaskOutputRouter.Install();
        var harness = new RunHarness(Dag("pii_ok", fail: false));

        var run = await harness.RunAsync();

        Assert.Equal(DagRunState.Success, run.Run.State);
        var log = string.Join("\n", (await harness.Store.GetLogAsync(harness.Key, "read_customers", 1)).Select(l => l.Message));
        Assert.Contains($"Welcome {Masked}", log, StringComparison.Ordinal);
        Assert.Contains($"mailing {Masked} now", log, StringComparison.Ordinal);
        Assert.DoesNotContain(Email, log, StringComparison.OrdinalIgnoreCase);
        // The downstream task declares no dataset: it falls back to the PII columns the DAGs declare, and the value it received is masked in its log.
        var downstream = string.Join("\n", (await harness.Store.GetLogAsync(harness.Key, "count", 1)).Select(l => l.Message));
        Assert.Contains($"1 customers, first {Masked}", downstream, StringComparison.Ordinal);

        var check = Assert.Single(await harness.Store.ListCheckResultsAsync(harness.Key));
        Assert.Equal($$"""[{"customer_id":7,"email":"{{Masked}}"}]""", check.SampleJson);

        var stored = Assert.Single(await harness.Store.ListXComAsync(harness.Key), x => x.TaskId == "read_customers");
        Assert.Contains(Email, stored.Json, StringComparison.Ordinal);
        var shown = Assert.Single(PiiXComDisplay.Mask([stored], PiiColumns.Of([harness.Graph])));
        Assert.Equal($$"""[{"customerId":7,"email":"{{Masked}}"}]""", shown.Json);
    }

    [Fact]
    public async Task FailedTry_ErrorAndAlertBody_MaskPii()
    {
        TaskOutputRouter.Install();
        var routing = new AlertRoutingOptions { Channels = new HashSet<string> { "oncall" } };
        await using var harness = new AlertingHarness(routing, Dag("pii_alert", fail: true, new DagOptions { Alerts = new AlertOptions { Recipients = ["oncall"] } }));

        var run = await harness.RunAsync("pii_alert", new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal(DagRunState.Failed, run.Run.State);
        Assert.Equal($"InvalidOperationException: the mail server bounced {Masked}", run.Tasks["read_customers"].Error);
        var alert = Assert.Single(await harness.Alerts.ListAlertsAsync());
        Assert.Equal(AlertEvents.Failure, alert.Kind);
        Assert.Contains($"Error: InvalidOperationException: the mail server bounced {Masked}", alert.Body, StringComparison.Ordinal);
        Assert.Contains($"Welcome {Masked}", alert.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(Email, alert.Body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Email, alert.PayloadJson, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task QualityAlert_SampleInItsDetails_IsMasked()
    {
        var routing = new AlertRoutingOptions { Channels = new HashSet<string> { "oncall" } };
        await using var harness = new AlertingHarness(routing, Dag("pii_quality", fail: false, new DagOptions { Alerts = new AlertOptions { Recipients = ["oncall"] } }));

        await harness.Outbox.PublishAsync(new AlertEvent
        {
            Kind = AlertEvents.QualityFailure, Key = "quality/1", Summary = "crm.customers: check failed", DagId = "pii_quality", Recipients = ["oncall"],
            Details = [new("After", $$"""[{"customer_id": 7, "email": "{{Email}}"}]""")],
            Error = $$"""Check failed, e.g. {"email":"{{Email}}"}""",
        });

        var alert = Assert.Single(await harness.Alerts.ListAlertsAsync());
        Assert.Contains($"After: [{{\"customer_id\":7,\"email\":\"{Masked}\"}}]", alert.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(Email, alert.Body, StringComparison.OrdinalIgnoreCase);
    }
}
