using System.CommandLine;
using System.Text.Json;
using DataEngineer.Core.Alerts;
using DataEngineer.Host.Hosting;
using Spectre.Console;

namespace DataEngineer.Host.Cli;

/// <summary><c>alerts list [--limit N] [-o table|json]</c>: recorded alerts, newest first, with their delivery status.</summary>
internal static class AlertsListCommand
{
    public static Command Create(CliEnvironment env)
    {
        var limit = new Option<int>("--limit") { Description = "At most this many alerts (default 50).", DefaultValueFactory = _ => 50 };
        var command = new Command("list", "List recorded alerts, newest first: event, where, recipient, delivery status.") { limit };
        var output = OutputOption.AddTo(command, jsonAlias: true);
        command.SetAction(async (result, ct) =>
        {
            var max = result.GetValue(limit);
            if (max is < 1 or > 10_000)
            {
                throw new CliError($"--limit {max}: give a number between 1 and 10000.");
            }

            await using var metadata = await MetadataConnection.OpenAsync(env.Configuration, ct);
            var alerts = await metadata.Alerts.ListAlertsAsync(max, ct);
            if (output.IsJson(result))
            {
                await env.Out.WriteLineAsync(JsonSerializer.Serialize(alerts.Select(a => new
                {
                    id = a.Id,
                    @event = AlertKinds.Name(a.Kind),
                    event_key = a.EventKey,
                    dag_id = a.DagId,
                    run_id = a.RunId,
                    task_id = a.TaskId,
                    recipient = a.Recipient,
                    channel = a.Channel,
                    status = a.Status.ToString().ToLowerInvariant(),
                    attempts = a.Attempts,
                    last_error = a.LastError,
                    subject = a.Subject,
                    created_at = a.CreatedAt.ToString("O"),
                    sent_at = a.SentAt?.ToString("O"),
                    next_attempt_at = a.Status == AlertStatus.Pending ? a.NextAttemptAt.ToString("O") : null,
                }), CliJson.Options));
                return ExitCodes.Success;
            }

            if (alerts.Count == 0)
            {
                await env.Out.WriteLineAsync("No alerts recorded.");
                return ExitCodes.Success;
            }

            var table = new Table().AddColumns("created", "event", "dag / task / run", "recipient", "status", "attempts", "last error");
            foreach (var a in alerts)
            {
                var where = string.Join(" / ", new[] { a.DagId, a.TaskId, a.RunId }.Where(p => p is not null));
                table.AddRow($"{a.CreatedAt:yyyy-MM-dd HH:mm:ss}", AlertKinds.Name(a.Kind), Markup.Escape(where), Markup.Escape(a.Recipient),
                    a.Status.ToString().ToLowerInvariant(), a.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(a.LastError ?? ""));
            }

            CliConsole.For(env).Write(table);
            return ExitCodes.Success;
        });
        return command;
    }
}
