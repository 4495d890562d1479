using DataEngineer.Core.Alerts;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace DataEngineer.Execution.Alerts;

/// <summary>Sends alerts as plain-text email over SMTP with MailKit: one connection per alert.</summary>
public sealed class EmailChannel(string name, EmailChannelSettings settings) : IAlertChannel
{
    public string Name => name;

    public string Type => "email";

    public string Target => $"smtp {settings.Host}:{settings.Port} ({settings.Security.ToString().ToLowerInvariant()}) from {settings.From} to {(settings.To.Count == 0 ? "(addresses named by DAGs)" : string.Join(", ", settings.To))}";

    public async Task SendAsync(AlertRecord alert, CancellationToken ct)
    {
        var to = alert.Address is { } address ? [address] : settings.To;
        if (to.Count == 0)
        {
            throw new InvalidOperationException($"Email channel '{name}' has no To addresses; set DataEngineer:Alerts:Channels:{name}:To.");
        }

        var message = new MimeMessage { Subject = alert.Subject, Body = new TextPart("plain") { Text = alert.Body } };
        message.From.Add(MailboxAddress.Parse(settings.From));
        foreach (var recipient in to)
        {
            message.To.Add(MailboxAddress.Parse(recipient));
        }

        message.Headers.Add("X-DataEngineer-Event", alert.EventKey);
        using var client = new SmtpClient();
        await client.ConnectAsync(settings.Host, settings.Port, Options(settings.Security), ct);
        if (!string.IsNullOrEmpty(settings.Username))
        {
            await client.AuthenticateAsync(settings.Username, settings.Password ?? "", ct);
        }

        await client.SendAsync(message, ct);
        await client.DisconnectAsync(quit: true, ct);
    }

    public string Redact(string text) =>
        string.IsNullOrEmpty(settings.Password) ? text : text.Replace(settings.Password, "***", StringComparison.Ordinal);

    private static SecureSocketOptions Options(EmailSecurity security) => security switch
    {
        EmailSecurity.None => SecureSocketOptions.None,
        EmailSecurity.StartTls => SecureSocketOptions.StartTls,
        EmailSecurity.Tls => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };
}
