using System.CommandLine;
using DataEngineer.Core.Alerts;
using DataEngineer.Host.Settings;
using DataEngineer.Sdk;

namespace DataEngineer.Host.Cli;

/// <summary><c>alerts test &lt;channel&gt;</c>: sends a test alert through one configured channel, so an operator can check its settings.</summary>
internal static class AlertsTestCommand
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static Command Create(CliEnvironment env)
    {
        var name = new Argument<string>("channel") { Description = "A channel name from DataEngineer:Alerts:Channels." };
        var command = new Command("test", "Send a test alert through a channel and report whether it was accepted.") { name };
        command.SetAction(async (result, ct) =>
        {
            var wanted = result.GetValue(name)!;
            using var http = new HttpClient { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
            var settings = AlertingOptions.Read(env.Configuration, http);
            var channel = settings.Channels.FirstOrDefault(c => c.Name == wanted)
                ?? throw new CliError(settings.Channels.Count == 0
                    ? $"No alert channel named '{wanted}': none is configured. Add one under {AlertingOptions.Section}:Channels:<name> (Type email or webhook)."
                    : $"No alert channel named '{wanted}'. Configured: {string.Join(", ", settings.Channels.Select(c => c.Name).Order(StringComparer.Ordinal))}.");

            var now = DateTimeOffset.UtcNow;
            var message = AlertMessage.Render(new AlertEvent
            {
                Kind = AlertEvents.Failure,
                Key = $"test/{now:O}",
                Summary = $"Test alert from 'dataengineer alerts test {channel.Name}': if you can read this, the channel works",
                Details = [new("Channel", channel.Name), new("Sent at", now.ToString("yyyy-MM-ddTHH:mm:ssZ"))],
            }, settings.Routing.BaseUrl);
            var alert = new AlertRecord
            {
                EventKey = $"test/{now:O}",
                Kind = AlertEvents.Failure,
                Recipient = channel.Name,
                Channel = channel.Name,
                Subject = message.Subject.Replace("task_failed", "test", StringComparison.Ordinal),
                Body = message.Body,
                PayloadJson = message.PayloadJson,
                CreatedAt = now,
            };

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(Timeout);
            try
            {
                await channel.SendAsync(alert, timeout.Token);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                var why = e is OperationCanceledException ? $"no answer within {Timeout.TotalSeconds:0} s" : $"{e.GetType().Name}: {e.Message}";
                throw new CliError($"The test alert through '{channel.Name}' ({channel.Target}) failed: {channel.Redact(why)}", ExitCodes.RunFailed);
            }

            await env.Out.WriteLineAsync($"Sent a test alert through '{channel.Name}' ({channel.Target}).");
            return ExitCodes.Success;
        });
        return command;
    }
}
