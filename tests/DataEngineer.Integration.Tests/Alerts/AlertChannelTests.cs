using System.Text;
using System.Text.Json;
using DataEngineer.Core.Alerts;
using DataEngineer.Execution.Alerts;
using DataEngineer.Sdk;
using MimeKit;
using Xunit;

namespace DataEngineer.Integration.Tests.Alerts;

/// <summary>The email and webhook channels against real servers on loopback.</summary>
public sealed class AlertChannelTests
{
    private static AlertRecord Alert(string? address = null)
    {
        var message = AlertMessage.Render(new AlertEvent
        {
            Kind = AlertEvents.Failure,
            Key = "task_failed/orders/manual__2024-01-01T00:00:00Z/load/3",
            Summary = "Task load failed after try 3 of 3",
            DagId = "orders",
            RunId = "manual__2024-01-01T00:00:00Z",
            TaskId = "load",
            LogicalDate = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero),
            TryNumber = 3,
            MaxTries = 3,
            Error = "NpgsqlException: connection refused",
            LogLines = ["10:00:00 INFORMATION loading 120 rows"],
        }, new Uri("https://de.example.com"));
        return new AlertRecord
        {
            EventKey = "task_failed/orders/manual__2024-01-01T00:00:00Z/load/3",
            Kind = AlertEvents.Failure,
            Recipient = address ?? "mail",
            Channel = "mail",
            Address = address,
            Subject = message.Subject,
            Body = message.Body,
            PayloadJson = message.PayloadJson,
            CreatedAt = DateTimeOffset.UtcNow,
        };
    }

    [Fact]
    public async Task Email_RealSmtpConversation_AuthenticatesAndDeliversTheAlert()
    {
        await using var server = new SmtpTestServer();
        var channel = new EmailChannel("mail", new EmailChannelSettings
        {
            Host = "127.0.0.1",
            Port = server.Port,
            Security = EmailSecurity.None,
            Username = "alerts",
            Password = "smtp-pass-123",
            From = "dataengineer@example.com",
            To = ["oncall@example.com", "lead@example.com"],
        });

        await channel.SendAsync(Alert(), CancellationToken.None);

        Assert.Equal(("alerts", "smtp-pass-123"), Assert.Single(server.Logins));
        var mail = Assert.Single(server.Messages);
        Assert.Equal("dataengineer@example.com", mail.From);
        Assert.Equal(["oncall@example.com", "lead@example.com"], mail.To);
        var parsed = await MimeMessage.LoadAsync(new MemoryStream(Encoding.UTF8.GetBytes(mail.Data)));
        Assert.Equal("[DataEngineer] task_failed: orders load - Task load failed after try 3 of 3", parsed.Subject);
        Assert.Contains("Try: 3 of 3", parsed.TextBody, StringComparison.Ordinal);
        Assert.Contains("Error: NpgsqlException: connection refused", parsed.TextBody, StringComparison.Ordinal);
        Assert.Contains("loading 120 rows", parsed.TextBody, StringComparison.Ordinal);
        Assert.Contains("https://de.example.com/dags/orders/runs/manual__2024-01-01T00%3A00%3A00Z/tasks/load/tries/3", parsed.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("smtp-pass-123", mail.Data, StringComparison.Ordinal);
        Assert.Equal("login failed with *** at 127.0.0.1", channel.Redact("login failed with smtp-pass-123 at 127.0.0.1"));
    }

    [Fact]
    public async Task Email_AlertForAnAddress_GoesToThatAddressOnly()
    {
        await using var server = new SmtpTestServer();
        var channel = new EmailChannel("mail", new EmailChannelSettings
        {
            Host = "127.0.0.1", Port = server.Port, Security = EmailSecurity.None, From = "de@example.com", To = ["oncall@example.com"],
        });

        await channel.SendAsync(Alert(address: "owner@example.com"), CancellationToken.None);

        Assert.Empty(server.Logins);
        Assert.Equal(["owner@example.com"], Assert.Single(server.Messages).To);
    }

    [Fact]
    public async Task Webhook_Json_PostsTheAlertFieldsWithTheSecretHeader()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var http = new HttpClient();
        var channel = new WebhookChannel("hook", new WebhookChannelSettings { Url = new Uri(receiver.Url, "hooks/tok-abc"), Secret = "hook-secret-9" }, http);

        await channel.SendAsync(Alert(), CancellationToken.None);

        var hook = Assert.Single(receiver.Received);
        Assert.Equal("tok-abc", hook.Token);
        Assert.Equal("hook-secret-9", hook.Headers["X-DataEngineer-Secret"]);
        using var json = JsonDocument.Parse(hook.Body);
        var root = json.RootElement;
        Assert.Equal("task_failed", root.GetProperty("event").GetString());
        Assert.Equal("orders", root.GetProperty("dag_id").GetString());
        Assert.Equal("load", root.GetProperty("task_id").GetString());
        Assert.Equal("manual__2024-01-01T00:00:00Z", root.GetProperty("run_id").GetString());
        Assert.Equal("2024-01-01T00:00:00Z", root.GetProperty("logical_date").GetString());
        Assert.Equal(3, root.GetProperty("try_number").GetInt32());
        Assert.Equal(3, root.GetProperty("max_tries").GetInt32());
        Assert.Equal("NpgsqlException: connection refused", root.GetProperty("error").GetString());
        Assert.Equal("https://de.example.com/dags/orders/runs/manual__2024-01-01T00%3A00%3A00Z/tasks/load/tries/3", root.GetProperty("url").GetString());
        Assert.DoesNotContain("hook-secret-9", hook.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Webhook_Slack_PostsOneTextField()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var http = new HttpClient();
        var channel = new WebhookChannel("slack", new WebhookChannelSettings { Url = new Uri(receiver.Url, "hooks/T000/B000/XXXX"), Format = WebhookFormat.Slack }, http);

        await channel.SendAsync(Alert(), CancellationToken.None);

        using var json = JsonDocument.Parse(Assert.Single(receiver.Received).Body);
        var text = Assert.Single(json.RootElement.EnumerateObject());
        Assert.Equal("text", text.Name);
        Assert.StartsWith("*[DataEngineer] task_failed: orders load", text.Value.GetString(), StringComparison.Ordinal);
        Assert.Contains("Try: 3 of 3", text.Value.GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Webhook_ErrorAnswer_Throws_AndRedactHidesTheUrlTokenAndSecret()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Status = System.Net.HttpStatusCode.InternalServerError;
        using var http = new HttpClient();
        var url = new Uri(receiver.Url, "hooks/token-in-path");
        var channel = new WebhookChannel("hook", new WebhookChannelSettings { Url = url, Secret = "sekrit" }, http);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => channel.SendAsync(Alert(), CancellationToken.None));

        Assert.Contains("500", error.Message, StringComparison.Ordinal);
        var redacted = channel.Redact($"POST {url} with sekrit failed");
        Assert.DoesNotContain("token-in-path", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("sekrit", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("token-in-path", channel.Target, StringComparison.Ordinal);
    }
}
