using DataEngineer.Execution.Alerts;

namespace DataEngineer.Host.Settings;

/// <summary>
/// One alert channel under <c>DataEngineer:Alerts:Channels:&lt;name&gt;</c>: its <c>Type</c> (email or webhook), then an
/// email channel's <c>Host</c>, <c>Port</c>, <c>Security</c>, <c>Username</c>, <c>Password</c>, <c>From</c> and <c>To</c>,
/// or a webhook's <c>Url</c>, <c>Format</c>, <c>SecretHeader</c> and <c>Secret</c>. Values stay text until
/// <see cref="AlertChannelsValidator"/> has checked them, so a wrong one is reported by its key, not as a conversion error.
/// </summary>
internal sealed class AlertChannelOptions
{
    public string? Type { get; set; }

    public string? Host { get; set; }

    public string? Port { get; set; }

    public string? Security { get; set; }

    public string? Username { get; set; }

    /// <summary>A secret: never shown in an error.</summary>
    public string? Password { get; set; }

    public string? From { get; set; }

    public List<string> To { get; } = [];

    /// <summary>May hold a token: never shown in an error.</summary>
    public string? Url { get; set; }

    public string? Format { get; set; }

    public string? SecretHeader { get; set; }

    public string? Secret { get; set; }

    /// <summary>The type, lower-case: email or webhook when valid.</summary>
    public string? Kind => Type?.Trim().ToLowerInvariant();

    public EmailChannelSettings Email
    {
        get
        {
            var security = Security is null ? EmailSecurity.Auto : Enum.Parse<EmailSecurity>(Security, ignoreCase: true);
            return new EmailChannelSettings
            {
                Host = Host!.Trim(),
                Port = Port is null ? security == EmailSecurity.Tls ? 465 : 587 : int.Parse(Port, System.Globalization.CultureInfo.InvariantCulture),
                Security = security,
                Username = Username,
                Password = Password,
                From = From!.Trim(),
                To = To,
            };
        }
    }

    public WebhookChannelSettings Webhook => new()
    {
        Url = new Uri(Url!.Trim()),
        Format = Format is null ? WebhookFormat.Json : Enum.Parse<WebhookFormat>(Format, ignoreCase: true),
        SecretHeader = SecretHeader ?? WebhookChannelSettings.DefaultSecretHeader,
        Secret = Secret,
    };
}
