using System.Globalization;
using System.Text.RegularExpressions;
using DataEngineer.Execution.Alerts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using MimeKit;

namespace DataEngineer.Host.Settings;

/// <summary>
/// The alert channels and recipients: a channel's name, type and the settings its type needs, and an <c>EmailChannel</c>
/// that is a configured email channel. Each failure names the key and the fix; passwords, secrets and webhook URLs (which
/// may hold a token) are never shown.
/// </summary>
internal sealed partial class AlertChannelsValidator(IConfigurationSection section) : IValidateOptions<AlertingOptions>
{
    public ValidateOptionsResult Validate(string? name, AlertingOptions options)
    {
        var failures = new List<string>();
        foreach (var (channel, settings) in options.Channels)
        {
            failures.AddRange(Problems($"{section.Path}:Channels:{channel}", channel, settings));
        }

        if (options.EmailChannel is { } chosen && !options.Channels.Any(c => c.Key == chosen && c.Value.Kind == "email"))
        {
            failures.Add($"{section.Path}:EmailChannel is '{chosen}', which is not a configured email channel.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static IEnumerable<string> Problems(string where, string name, AlertChannelOptions channel)
    {
        if (!ChannelName().IsMatch(name))
        {
            return [$"{where}: a channel name may hold letters, digits, '_', '-' and '.' only."];
        }

        return channel.Kind switch
        {
            "email" => EmailProblems(where, channel),
            "webhook" => WebhookProblems(where, channel),
            _ => [$"{where}:Type is '{channel.Type}'; set email or webhook."],
        };
    }

    private static IEnumerable<string> EmailProblems(string where, AlertChannelOptions channel)
    {
        if (channel.Host is null)
        {
            yield return Missing(where, "Host", channel);
        }

        if (channel.From is null)
        {
            yield return Missing(where, "From", channel);
        }
        else if (!IsAddress(channel.From.Trim()))
        {
            yield return $"{where}:From has '{channel.From.Trim()}', which is not an email address.";
        }

        foreach (var address in channel.To.Where(a => !IsAddress(a)))
        {
            yield return $"{where}:To has '{address}', which is not an email address.";
        }

        if (channel.Security is { } security && !Enum.TryParse<EmailSecurity>(security, ignoreCase: true, out _))
        {
            yield return $"{where}:Security is '{security}'; set auto, none, starttls or tls.";
        }

        if (channel.Port is { } port && !(int.TryParse(port, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number is > 0 and < 65536))
        {
            yield return $"{where}:Port is '{port}'; set a port number (25, 465, 587, ...).";
        }

        if (channel.Username is null && channel.Password is not null)
        {
            yield return $"{where}:Password is set but Username is not; set both or neither.";
        }
    }

    private static IEnumerable<string> WebhookProblems(string where, AlertChannelOptions channel)
    {
        if (channel.Url is null)
        {
            yield return Missing(where, "Url", channel);
        }
        else if (!Uri.TryCreate(channel.Url.Trim(), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            // The URL may hold a token: say what is wrong without echoing it.
            yield return $"{where}:Url is not an absolute http or https URL.";
        }

        if (channel.Format is { } format && !Enum.TryParse<WebhookFormat>(format, ignoreCase: true, out _))
        {
            yield return $"{where}:Format is '{format}'; set json or slack.";
        }

        if (channel.SecretHeader is { } header && !HeaderName().IsMatch(header))
        {
            yield return $"{where}:SecretHeader '{header}' is not a valid HTTP header name.";
        }
    }

    private static string Missing(string where, string key, AlertChannelOptions channel) => $"{where}:{key} is not set; {channel.Kind} channels need it.";

    private static bool IsAddress(string address) => MailboxAddress.TryParse(address, out _) && address.Contains('@', StringComparison.Ordinal);

    [GeneratedRegex("^[A-Za-z0-9_.-]+$")]
    private static partial Regex ChannelName();

    [GeneratedRegex("^[A-Za-z0-9!#$%&'*+.^_`|~-]+$")]
    private static partial Regex HeaderName();
}
