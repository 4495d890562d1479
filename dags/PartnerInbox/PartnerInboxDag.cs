using DataEngineer.Sdk;
using Microsoft.Extensions.Logging;

namespace DataEngineer.Dags.PartnerInbox;

/// <summary>
/// A sensor in reschedule mode: a partner drops order files (<c>orders_*.csv</c>) into an inbox folder at some point
/// of the day. <c>wait_for_delivery</c> looks every minute and, while nothing is there, gives its worker slot back
/// (state <c>up_for_reschedule</c>, with its next poke time); after 6 hours without a file it fails. <c>count_orders</c>
/// then reads the files. Manual only: trigger it when a delivery is announced. The inbox is
/// <c>$DATAENGINEER_INBOX</c>, or <c>dataengineer-inbox</c> in the temp folder.
/// </summary>
public sealed class PartnerInboxDag() : Dag("partner_inbox", new DagOptions
{
    Description = "Waits for a partner's order files, then counts them",
    Owner = "ingest",
    Tags = ["sensor", "example"],
})
{
    /// <summary>The folder the partner delivers into.</summary>
    public static string Inbox => Environment.GetEnvironmentVariable("DATAENGINEER_INBOX") is { Length: > 0 } set
        ? set
        : Path.Combine(Path.GetTempPath(), "dataengineer-inbox");

    /// <inheritdoc />
    protected override void Define(DagBuilder dag)
    {
        var delivered = dag.Sensor("wait_for_delivery", Sensors.FileExists(Inbox, "orders_*.csv"),
            new SensorOptions { PokeInterval = TimeSpan.FromMinutes(1), Timeout = TimeSpan.FromHours(6) });

        dag.Task("count_orders", async ctx =>
        {
            var lines = 0;
            foreach (var file in Directory.EnumerateFiles(Inbox, "orders_*.csv"))
            {
                // Every line but the header is an order.
                lines += Math.Max(0, (await File.ReadAllLinesAsync(file, ctx.CancellationToken)).Length - 1);
            }

            ctx.Rows.AddRead(lines);
            ctx.Logger.LogInformation("The delivery holds {Orders} orders", lines);
            return lines;
        }).After(delivered);
    }
}
