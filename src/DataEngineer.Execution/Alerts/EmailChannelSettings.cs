namespace DataEngineer.Execution.Alerts;

/// <summary>An SMTP server to send alerts through and the addresses to send them to.</summary>
public sealed record EmailChannelSettings
{
    public required string Host { get; init; }

    public int Port { get; init; } = 587;

    public EmailSecurity Security { get; init; } = EmailSecurity.Auto;

    public string? Username { get; init; }

    /// <summary>A secret: never logged, stored or shown.</summary>
    public string? Password { get; init; }

    public required string From { get; init; }

    /// <summary>Where alerts naming this channel go; alerts naming an address go to that address instead.</summary>
    public IReadOnlyList<string> To { get; init; } = [];
}
