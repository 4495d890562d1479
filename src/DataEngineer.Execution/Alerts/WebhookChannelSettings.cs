namespace DataEngineer.Execution.Alerts;

/// <summary>An HTTP endpoint alerts are posted to.</summary>
public sealed record WebhookChannelSettings
{
    public const string DefaultSecretHeader = "X-DataEngineer-Secret";

    /// <summary>A secret too when it carries a token (Slack's do): never logged or shown in full.</summary>
    public required Uri Url { get; init; }

    public WebhookFormat Format { get; init; } = WebhookFormat.Json;

    public string SecretHeader { get; init; } = DefaultSecretHeader;

    /// <summary>Sent in <see cref="SecretHeader"/> so the receiver can tell the alert is ours. A secret.</summary>
    public string? Secret { get; init; }
}
