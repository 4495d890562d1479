using System.Text.RegularExpressions;
using DataEngineer.Core.Alerts;
using Microsoft.Extensions.Configuration;
using MimeKit;

namespace DataEngineer.Execution.Alerts;

/// <summary>
/// Reads the alert channels and recipients under <c>DataEngineer:Alerts</c>: channels under <c>Channels:&lt;name&gt;</c>
/// (<c>Type</c> email or webhook, then their settings), <c>DefaultRecipients</c> and <c>EmailChannel</c>. A value that
/// cannot be used is an error naming the key. The host adds the delivery pace and the web UI's address from its options.
/// </summary>
public static partial class AlertConfiguration
{
    public const string Section = "DataEngineer:Alerts";

    public static AlertSettings Read(IConfiguration configuration, HttpClient http)
    {
        var channels = new List<IAlertChannel>();
        foreach (var child in configuration.GetSection($"{Section}:Channels").GetChildren())
        {
            if (!ChannelName().IsMatch(child.Key))
            {
                throw new AlertConfigurationException($"{Section}:Channels:{child.Key}: a channel name may hold letters, digits, '_', '-' and '.' only.");
            }

            var type = child["Type"]?.Trim().ToLowerInvariant();
            channels.Add(type switch
            {
                "email" => new EmailChannel(child.Key, Email(child)),
                "webhook" => new WebhookChannel(child.Key, Webhook(child), http),
                _ => throw new AlertConfigurationException($"{child.Path}:Type is '{child["Type"]}'; set email or webhook."),
            });
        }

        var names = channels.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var emailChannel = configuration[$"{Section}:EmailChannel"] is { Length: > 0 } chosen
            ? (channels.Any(c => c.Name == chosen && c.Type == "email") ? chosen : throw new AlertConfigurationException($"{Section}:EmailChannel is '{chosen}', which is not a configured email channel."))
            : channels.FirstOrDefault(c => c.Type == "email")?.Name;
        return new AlertSettings
        {
            Channels = channels,
            Routing = new AlertRoutingOptions
            {
                Channels = names,
                AddressChannel = emailChannel,
                DefaultRecipients = List(configuration.GetSection($"{Section}:DefaultRecipients")),
            },
        };
    }

    private static EmailChannelSettings Email(IConfigurationSection channel)
    {
        var from = Required(channel, "From");
        Address(channel, "From", from);
        var to = List(channel.GetSection("To"));
        foreach (var address in to)
        {
            Address(channel, "To", address);
        }

        var security = channel["Security"] is { Length: > 0 } s
            ? (Enum.TryParse<EmailSecurity>(s, ignoreCase: true, out var parsed) ? parsed : throw new AlertConfigurationException($"{channel.Path}:Security is '{s}'; set auto, none, starttls or tls."))
            : EmailSecurity.Auto;
        var port = channel["Port"] is { Length: > 0 } p
            ? (int.TryParse(p, out var number) && number is > 0 and < 65536 ? number : throw new AlertConfigurationException($"{channel.Path}:Port is '{p}'; set a port number (25, 465, 587, ...)."))
            : security == EmailSecurity.Tls ? 465 : 587;
        var username = channel["Username"];
        var password = channel["Password"];
        if (string.IsNullOrEmpty(username) && !string.IsNullOrEmpty(password))
        {
            throw new AlertConfigurationException($"{channel.Path}:Password is set but Username is not; set both or neither.");
        }

        return new EmailChannelSettings
        {
            Host = Required(channel, "Host"),
            Port = port,
            Security = security,
            Username = string.IsNullOrEmpty(username) ? null : username,
            Password = string.IsNullOrEmpty(password) ? null : password,
            From = from,
            To = to,
        };
    }

    private static WebhookChannelSettings Webhook(IConfigurationSection channel)
    {
        var text = Required(channel, "Url");
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            // The URL may hold a token: say what is wrong without echoing it.
            throw new AlertConfigurationException($"{channel.Path}:Url is not an absolute http or https URL.");
        }

        var format = channel["Format"] is { Length: > 0 } f
            ? (Enum.TryParse<WebhookFormat>(f, ignoreCase: true, out var parsed) ? parsed : throw new AlertConfigurationException($"{channel.Path}:Format is '{f}'; set json or slack."))
            : WebhookFormat.Json;
        var header = channel["SecretHeader"] is { Length: > 0 } h ? h : WebhookChannelSettings.DefaultSecretHeader;
        if (!HeaderName().IsMatch(header))
        {
            throw new AlertConfigurationException($"{channel.Path}:SecretHeader '{header}' is not a valid HTTP header name.");
        }

        return new WebhookChannelSettings { Url = url, Format = format, SecretHeader = header, Secret = channel["Secret"] is { Length: > 0 } secret ? secret : null };
    }

    private static string Required(IConfigurationSection channel, string key) =>
        channel[key] is { Length: > 0 } value ? value.Trim() : throw new AlertConfigurationException($"{channel.Path}:{key} is not set; {channel["Type"]?.ToLowerInvariant()} channels need it.");

    private static void Address(IConfigurationSection channel, string key, string address)
    {
        if (!MailboxAddress.TryParse(address, out _) || !address.Contains('@', StringComparison.Ordinal))
        {
            throw new AlertConfigurationException($"{channel.Path}:{key} has '{address}', which is not an email address.");
        }
    }

    // A list may be an array (To:0, To:1) or one value separated by ',' or ';'.
    private static IReadOnlyList<string> List(IConfigurationSection section) =>
        section.GetChildren().Select(c => c.Value).Append(section.Value)
            .SelectMany(v => v?.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [])
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();

    [GeneratedRegex("^[A-Za-z0-9_.-]+$")]
    private static partial Regex ChannelName();

    [GeneratedRegex("^[A-Za-z0-9!#$%&'*+.^_`|~-]+$")]
    private static partial Regex HeaderName();
}
