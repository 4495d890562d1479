using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DataEngineer.Core.Alerts;

namespace DataEngineer.Execution.Alerts;

/// <summary>Posts alerts to an HTTP endpoint as generic JSON or a Slack-compatible message; any non-2xx answer is a failed attempt.</summary>
public sealed class WebhookChannel(string name, WebhookChannelSettings settings, HttpClient http) : IAlertChannel
{
    public string Name => name;

    public string Type => "webhook";

    public string Target => $"{settings.Format.ToString().ToLowerInvariant()} webhook to {settings.Url.Scheme}://{settings.Url.Authority}/…{(settings.Secret is null ? "" : $" with {settings.SecretHeader}")}";

    public async Task SendAsync(AlertRecord alert, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.Url) { Content = JsonContent.Create(Payload(alert)) };
        if (settings.Secret is { } secret)
        {
            request.Headers.TryAddWithoutValidation(settings.SecretHeader, secret);
        }

        using var response = await http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"The webhook answered {(int)response.StatusCode} {response.ReasonPhrase}.");
        }
    }

    public string Redact(string text)
    {
        var redacted = text.Replace(settings.Url.OriginalString, $"{settings.Url.Scheme}://{settings.Url.Authority}/…", StringComparison.Ordinal)
            .Replace(settings.Url.AbsoluteUri, $"{settings.Url.Scheme}://{settings.Url.Authority}/…", StringComparison.Ordinal);
        return string.IsNullOrEmpty(settings.Secret) ? redacted : redacted.Replace(settings.Secret, "***", StringComparison.Ordinal);
    }

    private JsonObject Payload(AlertRecord alert)
    {
        if (settings.Format == WebhookFormat.Slack)
        {
            return new JsonObject { ["text"] = $"*{alert.Subject}*\n```{alert.Body}```" };
        }

        var payload = JsonNode.Parse(alert.PayloadJson) as JsonObject ?? [];
        payload["subject"] = alert.Subject;
        payload["text"] = alert.Body;
        payload["recipient"] = alert.Recipient;
        return payload;
    }
}
